@M3 @HIU_FLOW_301 @mandatory
Feature: HIU_FLOW_301 Records are no longer shown once the consent expires
  NHA test case HIU_FLOW_301 (M3, consent expiry; mandatory in the 2023 test cases, unmarked in
  the newer workbook): the patient provides consent with a short expiry; once the consent expires
  the HIU is notified (status EXPIRED), lists it as expired and no longer shows the records. The
  artefact's dataEraseAt alone must also end them: no notification may come when it passes.

  Scenario: 301_1 The records are gone once the consent expires
    Given the HIU holds the first test patient's records, pushed under their consent
    When the consent given to the HIU expires
    Then the HIU acknowledges the consent notification
    And the HIU shows none of the records
    And the HIU lists the request with the patient's ABHA address, its dates and status "EXPIRED"

  Scenario: 301_2 The records are gone once the artefact's dataEraseAt passes, with no notification
    Given the HIU has asked the first test patient for consent to their records
    When the patient grants the consent request, to be erased within seconds
    Then the HIU acknowledges the consent notification
    And the HIU fetches the consent artefact
    And the HIU asks for the records under the artefact with fresh key material
    When the HIP pushes the records to the HIU
    Then the HIU shows exactly the records pushed
    And the HIU shows none of the records once the artefact's dataEraseAt has passed, with no notification
