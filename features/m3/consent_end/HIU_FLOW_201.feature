@M3 @HIU_FLOW_201 @mandatory
Feature: HIU_FLOW_201 The patient revokes a consent and the HIU learns of it
  NHA test case HIU_FLOW_201 (M3, newer workbook, mandatory): the PHR app lets the patient revoke
  a consent; the HIU is notified (status REVOKED, with the artefacts) and lists it as revoked.

  Scenario: 201_1 The HIU acknowledges the revocation and lists the request as REVOKED
    Given the HIU holds the first test patient's records, pushed under their consent
    When the patient revokes the consent given to the HIU
    Then the HIU acknowledges the consent notification
    And the HIU lists the request with the patient's ABHA address, its dates and status "REVOKED"
