package io.osprey.bench.quality;

/**
 * The three contenders' figures over one window of event time, and over everything from the first
 * example to the end of this window ("since start"). The online models' figures are prequential
 * (each example scored before the model learned from it); the upper bound's are in sample (scored
 * by a model trained on every example, this window's included).
 *
 * <p>The since-start figures exist because a window often holds no fraud at all (rare anomalies,
 * short windows): its PR-AUC is then undefined, while the running figure always says how the model
 * has done so far. The last window's since-start figures are the report's overall ones.
 *
 * @param window 0-based, in event-time order
 */
public record WindowQuality(
    int window,
    long fromEventTime,
    long toEventTime,
    int examples,
    int frauds,
    ModelQuality onlineMlp,
    ModelQuality onlineLogReg,
    ModelQuality offlineUpperBound,
    ModelQuality onlineMlpSinceStart,
    ModelQuality onlineLogRegSinceStart,
    ModelQuality offlineUpperBoundSinceStart) {}
