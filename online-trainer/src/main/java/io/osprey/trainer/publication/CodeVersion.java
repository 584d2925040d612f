package io.osprey.trainer.publication;

/** The version of the running code, recorded in each envelope so a model can be traced to it. */
public final class CodeVersion {
  private CodeVersion() {}

  /** {@code Implementation-Version} from the jar manifest, or {@code dev} outside a jar. */
  public static String current() {
    String version = CodeVersion.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "dev" : version;
  }
}
