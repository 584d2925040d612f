package io.osprey.deploy.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A small line chart drawn with Java2D into a PNG: enough for a benchmark report without a charting
 * dependency. The x axis can be logarithmic (rates double from step to step).
 */
final class LineChart {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 520;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final Color[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xd62728),
    new Color(0x2ca02c),
    new Color(0xff7f0e),
    new Color(0x9467bd),
    new Color(0x8c564b)
  };

  /** One named line; points are (x, y) pairs, NaN y values are skipped. */
  record Series(String name, List<double[]> points, boolean dashed) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logX;
  private final List<Series> series = new ArrayList<>();

  LineChart(String title, String xLabel, String yLabel, boolean logX) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logX = logX;
  }

  LineChart add(Series line) {
    series.add(line);
    return this;
  }

  void write(Path file) throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    double[] xRange = range(0);
    double[] yRange = range(1);
    yRange[0] = Math.min(0, yRange[0]);
    drawAxes(g, xRange, yRange);
    for (int i = 0; i < series.size(); i++) {
      drawSeries(g, series.get(i), PALETTE[i % PALETTE.length], xRange, yRange, i);
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private double[] range(int axis) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double[] p : s.points()) {
        double v = axis == 0 ? x(p[0]) : p[1];
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (!Double.isFinite(min)) {
      return new double[] {0, 1};
    }
    if (max == min) {
      max = min + 1;
    }
    return new double[] {min, max + (axis == 1 ? (max - min) * 0.05 : 0)};
  }

  private double x(double value) {
    return logX ? Math.log10(Math.max(value, 1e-9)) : value;
  }

  private void drawAxes(Graphics2D g, double[] xRange, double[] yRange) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, LEFT, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int plotBottom = HEIGHT - BOTTOM;
    g.drawLine(LEFT, TOP, LEFT, plotBottom);
    g.drawLine(LEFT, plotBottom, WIDTH - RIGHT, plotBottom);
    for (int i = 0; i <= 5; i++) {
      double yValue = yRange[0] + (yRange[1] - yRange[0]) * i / 5;
      int y = py(yValue, yRange);
      g.setColor(new Color(0xdddddd));
      g.drawLine(LEFT + 1, y, WIDTH - RIGHT, y);
      g.setColor(Color.BLACK);
      g.drawString(format(yValue), 8, y + 4);
      double xValue = xRange[0] + (xRange[1] - xRange[0]) * i / 5;
      int x = px(xValue, xRange);
      g.drawString(format(logX ? Math.pow(10, xValue) : xValue), x - 15, plotBottom + 18);
    }
    g.drawString(xLabel, (WIDTH - LEFT) / 2, HEIGHT - 15);
    g.drawString(yLabel, 8, TOP - 10);
  }

  private void drawSeries(
      Graphics2D g, Series s, Color color, double[] xRange, double[] yRange, int index) {
    g.setColor(color);
    g.setStroke(
        s.dashed()
            ? new BasicStroke(
                2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f)
            : new BasicStroke(2f));
    int[] previous = null;
    for (double[] p : s.points()) {
      if (!Double.isFinite(p[1])) {
        previous = null;
        continue;
      }
      int[] point = {px(x(p[0]), xRange), py(p[1], yRange)};
      g.fillOval(point[0] - 3, point[1] - 3, 6, 6);
      if (previous != null) {
        g.drawLine(previous[0], previous[1], point[0], point[1]);
      }
      previous = point;
    }
    int legendY = TOP + 15 + index * 18;
    g.drawLine(WIDTH - RIGHT - 200, legendY - 4, WIDTH - RIGHT - 170, legendY - 4);
    g.setColor(Color.BLACK);
    g.drawString(s.name(), WIDTH - RIGHT - 160, legendY);
  }

  private static int px(double x, double[] range) {
    return LEFT + (int) Math.round((x - range[0]) / (range[1] - range[0]) * (WIDTH - LEFT - RIGHT));
  }

  private static int py(double y, double[] range) {
    return HEIGHT
        - BOTTOM
        - (int) Math.round((y - range[0]) / (range[1] - range[0]) * (HEIGHT - TOP - BOTTOM));
  }

  private static String format(double value) {
    return Math.abs(value) >= 100
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
