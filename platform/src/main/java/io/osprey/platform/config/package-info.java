/**
 * Configuration in one shape for every component.
 *
 * <ul>
 *   <li><b>Keys</b>: a final class {@code XSettings} per component declares each key once, as a
 *       {@code public static final} {@link io.osprey.platform.config.Setting} with its default, a
 *       description and its valid values (keys shared by every process: {@link
 *       io.osprey.platform.config.CommonSettings}). Nothing else spells a key.
 *   <li><b>Typed value</b>: a record {@code XConfig} with {@code static XConfig from(Settings)}
 *       resolves those keys once, where the component is built; its parts take the record, not
 *       {@code Settings}. A component with a handful of keys read in one place may read them
 *       directly instead.
 *   <li><b>Sources</b>: {@link io.osprey.platform.config.SettingsSources} is the one place that
 *       layers them: command-line {@code key=value} &gt; environment variable &gt; {@code
 *       .properties} file &gt; default. The variable of a key is derived from it ({@code
 *       trainer.batch.size} is {@code OSPREY_TRAINER_BATCH_SIZE}).
 *   <li><b>Catalogue</b>: {@link io.osprey.platform.config.SettingsCatalogue} lists every
 *       component's keys; {@code ./osprey settings} prints it and the CLI refuses keys not in it.
 * </ul>
 */
package io.osprey.platform.config;
