@M3 @HIU_FLOW_112 @conditional
Feature: HIU_FLOW_112 The HIU fetches and shows a health document record
  NHA test case HIU_FLOW_112 (M3, fetch data; "any one of" 106–113 is mandatory): with the
  patient's approval, records of HI type HealthDocumentRecord reach the HIU and are visible there.

  Scenario: 112_1 HealthDocumentRecord records are fetched, decrypted and shown
    Given the HIU has asked the second test patient for consent to their "HealthDocumentRecord" records
    When the patient grants the consent request
    Then the HIU acknowledges the consent notification
    And the HIU fetches the consent artefact
    And the HIU asks for the records under the artefact with fresh key material
    When the HIP pushes the records to the HIU
    Then the HIU takes every push
    And the HIU notifies the transfer with the status of every record
    And the HIU shows exactly the records pushed
