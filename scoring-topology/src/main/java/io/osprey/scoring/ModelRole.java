package io.osprey.scoring;

import io.osprey.model.ModelEnvelopes;
import java.util.Optional;

/** The two slots a scorer serves: the champion decides, the challenger is scored in shadow. */
enum ModelRole {
  CHAMPION(ModelEnvelopes.CHAMPION),
  CHALLENGER(ModelEnvelopes.CHALLENGER);

  private final String envelopeRole;

  ModelRole(String envelopeRole) {
    this.envelopeRole = envelopeRole;
  }

  /** The value of the envelope's {@code role} field. */
  String envelopeRole() {
    return envelopeRole;
  }

  static Optional<ModelRole> of(String envelopeRole) {
    for (ModelRole role : values()) {
      if (role.envelopeRole.equals(envelopeRole)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
