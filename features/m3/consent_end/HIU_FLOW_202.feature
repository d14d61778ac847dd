@M3 @HIU_FLOW_202 @mandatory
Feature: HIU_FLOW_202 Records are no longer shown once the consent is revoked
  NHA test case HIU_FLOW_202 (M3, mandatory): after the revocation the HIU no longer shows the
  records, and takes none pushed under the revoked consent (a transfer still under way).

  Scenario: 202_1 The records are gone once the consent is revoked
    Given the HIU holds the first test patient's records, pushed under their consent
    When the patient revokes the consent given to the HIU
    Then the HIU acknowledges the consent notification
    And the HIU shows none of the records

  Scenario: 202_2 Records pushed after the revocation are refused or discarded
    Given the HIU has asked for the first test patient's records under their consent
    When the patient revokes the consent given to the HIU
    And the HIP pushes the records to the HIU
    Then the HIU shows none of the records
