package io.osprey.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.model.signing.EnvelopeTrust;
import io.osprey.model.signing.ModelSigner;
import io.osprey.model.signing.ModelSigningSettings;
import io.osprey.platform.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo makes its key pair once, keeps the private key to itself, and trusts it. */
class DemoKeysTest {
  @TempDir Path dataDir;

  @Test
  void generatesAPairOnFirstRunAndReusesItAfter() throws Exception {
    Settings first = DemoKeys.withSigningKey(Settings.empty(), dataDir);

    Path key = DemoKeys.keyFile(dataDir);
    assertThat(first.get(ModelSigningSettings.SIGNING_KEY_FILE)).isEqualTo(key.toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(key.resolveSibling("model-signing.pub")).exists();
    ModelSigner signer = ModelSigningSettings.requireSigner(first);
    assertThat(EnvelopeTrust.of(first).keys().ids()).containsExactly(signer.keyId());

    Settings second = DemoKeys.withSigningKey(Settings.empty(), dataDir);
    assertThat(ModelSigningSettings.requireSigner(second).keyId()).isEqualTo(signer.keyId());
  }
}
