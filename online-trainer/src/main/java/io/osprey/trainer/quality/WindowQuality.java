package io.osprey.trainer.quality;

/**
 * The three contenders' figures over one window of event time. The online models' figures are
 * prequential (each example scored before the model learned from it); the upper bound's are in
 * sample (scored by a model trained on every example, this window's included).
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
    ModelQuality offlineUpperBound) {}
