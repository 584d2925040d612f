package io.osprey.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.deploy.GrafanaDashboard;
import io.osprey.ingest.IngestSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.Label;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.codec.EdgeCodec;
import io.osprey.schema.codec.WireFormat;
import io.osprey.scoring.ScoringSettings;
import io.osprey.sources.simulator.SimulatorSettings;
import io.osprey.system.DemoSettings;
import io.osprey.system.OspreySystem;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.TrainerSettings;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: the system runs as {@code ./osprey demo} runs it, headless
 * Chromium (Debian's {@code chromium} and {@code chromium-driver}, which {@code .ci/run} installs)
 * opens the console, the charts must move as events flow, and an analyst's click on "Fraud" in the
 * review queue must become a label on {@code labels} whose training example the trainer consumes.
 * The same run checks {@code /health} and {@code /ready} of every endpoint, and that every metric
 * the Grafana dashboard queries is one the running processes export.
 *
 * <p>The simulator's own labels are delayed past the test (an hour), so the analyst's verdict is
 * the only label the chosen event gets: its training example must carry it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsoleBrowserIntegrationTest {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final EdgeCodec<Label> LABELS = EdgeCodec.of(Label.class, WireFormat.JSON);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static Settings settings;
  private static int flinkMetricsPort;
  private static OspreySystem system;
  private static ChromeDriver browser;
  private static String console;
  private static String judgedEventId;

  @BeforeAll
  static void start() throws Exception {
    Path dataDir = Files.createTempDirectory("osprey-console-");
    flinkMetricsPort = freePort(); // Flink's reporter does not say which port 0 became
    settings =
        Settings.empty()
            .with(DemoSettings.DATA_DIR, dataDir.toString())
            .with(DemoSettings.KAFKA_PORT, 0)
            .with(DemoSettings.MONITOR_METRICS_PORT, 0)
            .with(DemoSettings.FLINK_METRICS_PORT, flinkMetricsPort)
            .with(ScoringSettings.METRICS_PORT, 0)
            .with(ScoringSettings.HTTP_PORT, 0)
            .with(TrainerSettings.METRICS_PORT, 0)
            .with(ConsoleSettings.PORT, 0)
            .with(IngestSettings.MATURITY_WINDOW, Duration.ofSeconds(20))
            .with(TrainerSettings.PUBLISH_EVERY_EXAMPLES, 256)
            .with(SimulatorSettings.RATE, 300.0)
            .with(SimulatorSettings.FRAUD_RATE, 0.02)
            .with(SimulatorSettings.MALFORMED_RATE, 0.01)
            .with(SimulatorSettings.LABEL_DELAY, Duration.ofHours(1));
    system = OspreySystem.start(settings);
    console = "http://localhost:" + system.consolePort();
    browser = headlessChromium(dataDir.resolve("chromium-profile"));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (system != null) {
      system.close();
    }
  }

  @Test
  @Order(1)
  void theChartsMoveAsEventsFlow() {
    browser.get(console + "/");
    WebDriverWait wait = new WebDriverWait(browser, DEADLINE);
    wait.until(b -> "live".equals(b.findElement(By.id("connection")).getText()));
    WebElement throughput = browser.findElement(By.id("chart-throughput"));
    wait.until(b -> points(throughput) >= 2 && sum(throughput) > 0);
    int pointsBefore = points(throughput);
    double predictedBefore = sum(throughput);
    long totalBefore = number(browser.findElement(By.id("total-predictions")).getText());

    wait.until(b -> points(throughput) > pointsBefore + 2 && sum(throughput) > predictedBefore);
    assertThat(number(browser.findElement(By.id("total-predictions")).getText()))
        .isGreaterThan(totalBefore);
    WebElement latency = browser.findElement(By.id("chart-latency"));
    assertThat(points(latency)).isGreaterThan(pointsBefore);
    assertThat(Double.parseDouble(latency.getAttribute("data-sum"))).isPositive();
    assertThat(throughput.findElements(By.tagName("canvas"))).isNotEmpty(); // uPlot drew
  }

  @Test
  @Order(2)
  void anAnalystsVerdictBecomesALabelAndATrainingExample() throws Exception {
    WebDriverWait wait = new WebDriverWait(browser, DEADLINE);
    WebElement row =
        wait.until(
            b ->
                b.findElements(By.cssSelector("#review-queue tbody tr[data-event-id]")).stream()
                    .filter(r -> !r.findElements(By.cssSelector("button.verdict-fraud")).isEmpty())
                    .findFirst()
                    .orElse(null));
    judgedEventId = row.getAttribute("data-event-id");
    assertThat(row.findElement(By.cssSelector("td.reasons")).getText()).isNotBlank();
    row.findElement(By.cssSelector("button.verdict-fraud")).click();
    wait.until(b -> b.findElement(By.id("review-message")).getText().contains("labelled fraud"));
    screenshot();

    List<ConsumerRecord<String, byte[]>> labels =
        KafkaTestSupport.readUntil(
            system.superUserClients(),
            system.topics().labels(),
            read -> read.stream().anyMatch(r -> judgedEventId.equals(r.key())),
            DEADLINE);
    List<Label> ours =
        labels.stream()
            .filter(r -> judgedEventId.equals(r.key()))
            .map(r -> LABELS.decode(r.value()))
            .toList();
    assertThat(ours).hasSize(1);
    assertThat(ours.get(0).getFraud()).isTrue();
    assertThat(ours.get(0).getSource()).isEqualTo("analyst");

    ConsumerRecord<String, TrainingExample> example =
        KafkaTestSupport.readUntil(
                system.superUserClients(),
                system.topics().trainingExamples(),
                read -> read.stream().anyMatch(r -> isAnalystFraud(r.value())),
                DEADLINE)
            .stream()
            .filter(r -> isAnalystFraud(r.value()))
            .findFirst()
            .orElseThrow();
    // The trainer has consumed it once its group's committed offset is past the example.
    String trainerGroup = TrainerConfig.from(settings).consumerGroup();
    TopicPartition partition = new TopicPartition(example.topic(), example.partition());
    try (Admin admin = Admin.create(system.superUserClients().admin())) {
      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                OffsetAndMetadata committed =
                    admin
                        .listConsumerGroupOffsets(trainerGroup)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(partition);
                return committed != null && committed.offset() > example.offset();
              });
    }
  }

  @Test
  @Order(3)
  void badVerdictsAreRefusedAndWriteNoLabel() throws Exception {
    assertThat(judgedEventId).as("set by the previous test").isNotNull();
    assertThat(post("/api/review/no-such-event", "{\"verdict\":\"fraud\"}").statusCode())
        .isEqualTo(404);
    HttpResponse<String> malformed =
        post("/api/review/" + judgedEventId, "{\"verdict\":\"maybe\"}");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("fraud").contains("legitimate");
    assertThat(post("/api/review/" + judgedEventId, "not json").statusCode()).isEqualTo(400);
    HttpResponse<String> twice =
        post("/api/review/" + judgedEventId, "{\"verdict\":\"legitimate\"}");
    assertThat(twice.statusCode()).isEqualTo(409);
    assertThat(twice.body()).contains("already has a verdict");

    // Only the one label of the previous test, and none for the unknown event.
    List<ConsumerRecord<byte[], byte[]>> all =
        io.osprey.testing.TopicReader.readAll(
            system.superUserClients(), system.topics().labels().name());
    long forJudged = all.stream().filter(r -> judgedEventId.equals(new String(r.key()))).count();
    long forUnknown = all.stream().filter(r -> "no-such-event".equals(new String(r.key()))).count();
    assertThat(forJudged).isEqualTo(1);
    assertThat(forUnknown).isZero();
  }

  @Test
  @Order(4)
  void everyEndpointIsAliveAndReadyAndExportsWhatTheDashboardQueries() throws Exception {
    await().atMost(DEADLINE).until(() -> system.servedModelVersion() >= 1);
    Map<String, Integer> ports = system.endpointPorts();
    assertThat(ports).containsOnlyKeys("demo", "scoring", "trainer");
    for (int port : ports.values()) {
      assertThat(get(port, "/health").statusCode()).isEqualTo(200);
      await().atMost(DEADLINE).until(() -> get(port, "/ready").statusCode() == 200);
    }

    Set<String> exported = new TreeSet<>();
    for (int port : ports.values()) {
      exported.addAll(GrafanaDashboard.sampleNames(get(port, "/metrics").body()));
    }
    exported.addAll(GrafanaDashboard.sampleNames(get(flinkMetricsPort, "/metrics").body()));
    Files.writeString(
        Path.of("target", "exported-metric-names.txt"), String.join("\n", exported) + "\n");

    Set<String> queried = GrafanaDashboard.load().metricNames();
    assertThat(queried).isNotEmpty();
    assertThat(exported).containsAll(queried);
  }

  private static boolean isAnalystFraud(TrainingExample example) {
    return judgedEventId.equals(example.getFeatures().getEventId())
        && example.getFraud()
        && "analyst".equals(example.getLabelSource());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(console + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int points(WebElement chart) {
    return Integer.parseInt(chart.getAttribute("data-points"));
  }

  private static double sum(WebElement chart) {
    String sum = chart.getAttribute("data-sum");
    return sum == null || sum.isEmpty() ? 0 : Double.parseDouble(sum);
  }

  private static long number(String shown) {
    return Long.parseLong(shown.replaceAll("[^0-9]", ""));
  }

  /** The console as the browser shows it now, for the docs and for whoever reads a failure. */
  private static void screenshot() throws IOException {
    browser.executeScript("window.scrollTo(0, 0)");
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", "console.png");
    Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static ChromeDriver headlessChromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getProperty("osprey.chromium", "/usr/bin/chromium"));
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1800",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                new File(System.getProperty("osprey.chromedriver", "/usr/bin/chromedriver")))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
