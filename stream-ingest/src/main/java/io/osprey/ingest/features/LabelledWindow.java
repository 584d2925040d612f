package io.osprey.ingest.features;

import io.osprey.ingest.model.Event;
import io.osprey.schema.features.AggregateFeature;
import io.osprey.schema.features.AggregateFeature.Function;
import java.util.List;

/**
 * {@code fraud_count} and {@code fraud_rate}: over the key's earlier events in {@code (t - window,
 * t]}, those whose label known before this event says fraud ({@link History#knownFraudWithin}); the
 * rate divides by all of them and gives the default below {@code min_events} (or with none).
 */
record LabelledWindow(AggregateFeature feature) implements Column {
  @Override
  public void write(Event event, History history, double[] out, int at) {
    long windowMillis = feature.window().toMillis();
    int fraud = history.knownFraudWithin(windowMillis);
    double value;
    if (feature.function() == Function.FRAUD_COUNT) {
      value = fraud; // the labelled events alone: no need for the window's other events
    } else {
      List<Recent> window = history.within(windowMillis);
      value =
          window.isEmpty() || window.size() < feature.minEvents()
              ? feature.defaultValue()
              : (double) fraud / window.size();
    }
    out[at] = CompiledFeatures.shape(value, feature.clip(), feature.transform());
  }

  @Override
  public int width() {
    return 1;
  }
}
