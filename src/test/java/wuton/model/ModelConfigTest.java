package wuton.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import wuton.common.UserError;

class ModelConfigTest {
    @Test
    void defaultsAreThePapersModel() {
        ModelConfig c = ModelConfig.defaults();
        assertThat(c).isEqualTo(new ModelConfig(ModelSize.FULL, 256, 192, 5, 5, Architecture.PAPER, Composition.NONE));
    }

    @Test
    void widthsDoubleUpToEightTimesTheBase() {
        assertThat(ModelSize.FULL.channelsAt(0)).isEqualTo(64);
        assertThat(ModelSize.FULL.channelsAt(3)).isEqualTo(512);
        assertThat(ModelSize.FULL.channelsAt(4)).isEqualTo(512);
        assertThat(ModelSize.SLIM.channelsAt(2)).isEqualTo(128);
        assertThat(ModelSize.TINY.channelsAt(4)).isEqualTo(64);
    }

    @Test
    void rejectsSizesTheMatcherCannotTake() {
        assertThatThrownBy(() -> ModelConfig.of(ModelSize.TINY, 100, 48)).isInstanceOf(UserError.class)
            .hasMessageContaining("100x48");
        assertThatThrownBy(() -> ModelConfig.of(ModelSize.TINY, 2048, 1536)).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> new ModelConfig(ModelSize.TINY, 64, 48, 1, 5, Architecture.PAPER, Composition.NONE)).isInstanceOf(UserError.class);
    }

    @Test
    void rejectsWhatAHostileModelDescriptionCouldClaim() {
        assertThatThrownBy(() -> new ModelConfig(null, 64, 48, 5, 5, Architecture.PAPER, Composition.NONE))
            .isInstanceOf(UserError.class).hasMessageContaining("size");
        assertThatThrownBy(() -> new ModelConfig(ModelSize.TINY, 64, 48, 100_000, 5, Architecture.PAPER, Composition.NONE))
            .isInstanceOf(UserError.class).hasMessageContaining("TPS grid size 100000");
        // 33 must not pass as 33 % 32 = 1
        assertThatThrownBy(() -> new ModelConfig(ModelSize.TINY, 64, 48, 5, 33, Architecture.PAPER, Composition.NONE))
            .isInstanceOf(UserError.class).hasMessageContaining("U-Net depth 33");
    }
}
