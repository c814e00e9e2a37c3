package io.github.beatbrackerz.eventstore.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the results as a PNG with {@code java.awt} (headless): one bar per row with a target,
 * its length how far the target is reached (1.0 = exactly met, capped at 3), green when met, red
 * when missed, labelled with the measured ratio.
 */
final class ChartRenderer {

    private static final int ROW_HEIGHT = 26;
    private static final int LABEL_WIDTH = 560;
    private static final int BAR_WIDTH = 420;
    private static final double CAP = 3.0;

    private ChartRenderer() {
    }

    static void render(List<Row> rows, Path file, String title) {
        System.setProperty("java.awt.headless", "true");
        List<Row> scored = rows.stream().filter(r -> !Double.isNaN(r.score())).toList();
        int width = LABEL_WIDTH + BAR_WIDTH + 140;
        int height = 70 + scored.size() * ROW_HEIGHT + 40;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, 12, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString("bar = share of target reached (1.0 = target met exactly; capped at " + (int) CAP + "); label = measured ratio", 12, 44);
            int top = 60;
            for (int i = 0; i < scored.size(); i++) {
                Row row = scored.get(i);
                int y = top + i * ROW_HEIGHT;
                g.setColor(Color.DARK_GRAY);
                g.drawString(truncate(row.name() + " — " + row.metric(), 88), 12, y + 16);
                int length = (int) (Math.min(CAP, row.score()) / CAP * BAR_WIDTH);
                g.setColor(row.met() ? new Color(46, 139, 87) : new Color(200, 50, 50));
                g.fillRect(LABEL_WIDTH, y + 4, Math.max(2, length), ROW_HEIGHT - 8);
                g.setColor(Color.BLACK);
                g.drawString(Results.ratio(row.ratio()) + " (" + row.target() + ")", LABEL_WIDTH + Math.max(2, length) + 6, y + 16);
            }
            int targetX = LABEL_WIDTH + (int) (BAR_WIDTH / CAP);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
            g.drawLine(targetX, top - 4, targetX, top + scored.size() * ROW_HEIGHT);
            g.drawString("target", targetX - 16, top + scored.size() * ROW_HEIGHT + 16);
        } finally {
            g.dispose();
        }
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
