package wuton.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import wuton.common.UserError;

class WorldConfigTest {
    @Test
    void aBuilderGivenOnlyTheSizeHoldsTheDefaults() {
        assertThat(WorldConfig.builder(64, 48).build()).isEqualTo(new WorldConfig(WorldConfig.DEFAULT_COUNT, 64, 48,
            WorldConfig.DEFAULT_SEED, WorldConfig.DEFAULT_TEST_FRACTION, WorldConfig.DEFAULT_ACCESSORY_FRACTION, false,
            WorldConfig.Look.PHOTO, WorldConfig.DEFAULT_EMPTY_FRACTION));
    }

    @Test
    void toBuilderKeepsEverySetting() {
        WorldConfig config = WorldConfig.builder(96, 64).count(7).seed(5).testFraction(0.5).accessoryFraction(1)
            .parseNoise(true).look(WorldConfig.Look.STUDIO).emptyFraction(0.2).build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    /** The messages name synth's options, whose values these are. */
    @Test
    void badValuesAreOneLineErrorsNamingTheOption() {
        assertThatThrownBy(() -> WorldConfig.builder(64, 48).count(0).build())
            .isInstanceOf(UserError.class).hasMessage("--count 0: must be at least 1");
        assertThatThrownBy(() -> WorldConfig.builder(16, 48).build())
            .isInstanceOf(UserError.class).hasMessage("--size 16x48: height and width must be between 32 and 4096");
        assertThatThrownBy(() -> WorldConfig.builder(64, 48).testFraction(1.5).build())
            .isInstanceOf(UserError.class).hasMessage("--test-fraction 1.5: must be between 0 and 1");
        assertThatThrownBy(() -> WorldConfig.builder(64, 48).accessoryFraction(-0.1).build())
            .isInstanceOf(UserError.class).hasMessage("--accessories -0.1: must be between 0 and 1");
        assertThatThrownBy(() -> WorldConfig.builder(64, 48).emptyFraction(1).build())
            .isInstanceOf(UserError.class).hasMessage("--empty 1.0: must be at least 0 and below 1");
    }
}
