package wuton.image;

import java.util.function.IntPredicate;

/** The pixels of a W x H picture reachable from seeds through passable pixels, 4-connected. */
public final class FloodFill {
    private FloodFill() {
    }

    /**
     * The reach of a flood fill.
     *
     * @param passable whether pixel {@code y * width + x} may be entered; a seed that is not passable is left out
     * @param seeds    the pixels (row-major indices) it starts from
     * @return (H x W, row-major) true where reached
     */
    public static boolean[] reach(int width, int height, IntPredicate passable, int... seeds) {
        boolean[] reached = new boolean[width * height];
        int[] stack = new int[width * height];
        int top = 0;
        for (int seed : seeds) {
            top = enter(seed, reached, stack, top, passable);
        }
        while (top > 0) {
            int i = stack[--top];
            int x = i % width, y = i / width;
            if (x > 0) {
                top = enter(i - 1, reached, stack, top, passable);
            }
            if (x < width - 1) {
                top = enter(i + 1, reached, stack, top, passable);
            }
            if (y > 0) {
                top = enter(i - width, reached, stack, top, passable);
            }
            if (y < height - 1) {
                top = enter(i + width, reached, stack, top, passable);
            }
        }
        return reached;
    }

    private static int enter(int i, boolean[] reached, int[] stack, int top, IntPredicate passable) {
        if (reached[i] || !passable.test(i)) {
            return top;
        }
        reached[i] = true;
        stack[top] = i;
        return top + 1;
    }
}
