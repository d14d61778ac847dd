@M3 @HIU_FLOW_301 @mandatory
Feature: HIU_FLOW_301 Records are no longer shown once the consent expires
  NHA test case HIU_FLOW_301 (M3, consent expiry; mandatory in the 2023 test cases, unmarked in
  the newer workbook): once the consent expires the HIU is notified (status EXPIRED), lists it as
  expired and no longer shows the records (it must also erase them by the artefact's dataEraseAt).

  Scenario: 301_1 The records are gone once the consent expires
    Given the HIU holds the first test patient's records, pushed under their consent
    When the consent given to the HIU expires
    Then the HIU acknowledges the consent notification
    And the HIU shows none of the records
    And the HIU lists the request with the patient's ABHA address, its dates and status "EXPIRED"
