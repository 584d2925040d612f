package io.osprey.bench;

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
  private static final int TICKS = 5;
  private static final int LEGEND_ROW = 18;
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
    int height = HEIGHT + LEGEND_ROW / 2 + series.size() * LEGEND_ROW;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, height);
    double[] xData = range(0);
    double[] yData = range(1);
    double[] xTicks = logX ? evenTicks(xData) : niceTicks(xData[0], xData[1]);
    double[] yTicks = niceTicks(Math.min(0, yData[0]), yData[1]);
    double[] xRange = {xTicks[0], xTicks[xTicks.length - 1]};
    double[] yRange = {yTicks[0], yTicks[yTicks.length - 1]};
    drawAxes(g, xTicks, yTicks, xRange, yRange);
    for (int i = 0; i < series.size(); i++) {
      drawSeries(g, series.get(i), PALETTE[i % PALETTE.length], xRange, yRange);
    }
    drawLegend(g);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  /** The smallest and largest finite value on an axis (log10 for a log x axis). */
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
    return Double.isFinite(min) ? new double[] {min, max} : new double[] {0, 1};
  }

  /**
   * Tick values a reader can use: a round step (1, 2 or 5 times a power of ten) giving at most
   * {@link #TICKS} intervals, from the last multiple of it at or below {@code min} to the first at
   * or above {@code max}. The axis spans exactly these ticks, so every label names its gridline.
   */
  static double[] niceTicks(double min, double max) {
    if (max <= min) {
      max = min + 1;
    }
    double raw = (max - min) / TICKS;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude * 10;
    for (double factor : new double[] {1, 2, 5}) {
      if (magnitude * factor >= raw * (1 - 1e-9)) {
        step = magnitude * factor;
        break;
      }
    }
    long first = (long) Math.floor(min / step + 1e-9);
    long last = (long) Math.ceil(max / step - 1e-9);
    double[] ticks = new double[(int) (last - first) + 1];
    for (int i = 0; i < ticks.length; i++) {
      ticks[i] = (first + i) * step;
    }
    return ticks;
  }

  /** Equal divisions of a log axis (its labels are powers of ten anyway). */
  private static double[] evenTicks(double[] range) {
    double max = range[1] > range[0] ? range[1] : range[0] + 1;
    double[] ticks = new double[TICKS + 1];
    for (int i = 0; i <= TICKS; i++) {
      ticks[i] = range[0] + (max - range[0]) * i / TICKS;
    }
    return ticks;
  }

  private double x(double value) {
    return logX ? Math.log10(Math.max(value, 1e-9)) : value;
  }

  private void drawAxes(
      Graphics2D g, double[] xTicks, double[] yTicks, double[] xRange, double[] yRange) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, LEFT, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int plotBottom = HEIGHT - BOTTOM;
    g.drawLine(LEFT, TOP, LEFT, plotBottom);
    g.drawLine(LEFT, plotBottom, WIDTH - RIGHT, plotBottom);
    for (double yValue : yTicks) {
      int y = py(yValue, yRange);
      g.setColor(new Color(0xdddddd));
      g.drawLine(LEFT + 1, y, WIDTH - RIGHT, y);
      g.setColor(Color.BLACK);
      g.drawString(format(yValue, yTicks), 8, y + 4);
    }
    for (double xValue : xTicks) {
      int x = px(xValue, xRange);
      String label = logX ? format(Math.pow(10, xValue)) : format(xValue, xTicks);
      g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, plotBottom + 18);
    }
    g.drawString(xLabel, (WIDTH - LEFT) / 2, HEIGHT - 15);
    g.drawString(yLabel, 8, TOP - 10);
  }

  private void drawSeries(Graphics2D g, Series s, Color color, double[] xRange, double[] yRange) {
    g.setColor(color);
    g.setStroke(stroke(s));
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
  }

  /** Below the chart, one series a row: lines near the top or bottom stay visible. */
  private void drawLegend(Graphics2D g) {
    for (int i = 0; i < series.size(); i++) {
      int y = HEIGHT + LEGEND_ROW / 2 + i * LEGEND_ROW;
      g.setColor(PALETTE[i % PALETTE.length]);
      g.setStroke(stroke(series.get(i)));
      g.drawLine(LEFT, y - 4, LEFT + 30, y - 4);
      g.setColor(Color.BLACK);
      g.drawString(series.get(i).name(), LEFT + 38, y);
    }
  }

  private static BasicStroke stroke(Series s) {
    return s.dashed()
        ? new BasicStroke(
            2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f)
        : new BasicStroke(2f);
  }

  private static int px(double x, double[] range) {
    return LEFT + (int) Math.round((x - range[0]) / (range[1] - range[0]) * (WIDTH - LEFT - RIGHT));
  }

  private static int py(double y, double[] range) {
    return HEIGHT
        - BOTTOM
        - (int) Math.round((y - range[0]) / (range[1] - range[0]) * (HEIGHT - TOP - BOTTOM));
  }

  /** A tick label with as many decimals as the step between ticks needs. */
  static String format(double value, double[] ticks) {
    double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String format(double value) {
    return Math.abs(value) >= 100
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
