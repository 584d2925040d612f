package io.osprey.trainer;

/** The version of the running code, recorded in each envelope so a model can be traced to it. */
final class CodeVersion {
  private CodeVersion() {}

  /** {@code Implementation-Version} from the jar manifest, or {@code dev} outside a jar. */
  static String current() {
    String version = CodeVersion.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "dev" : version;
  }
}
