@M3 @HIU_FLOW_106 @conditional
Feature: HIU_FLOW_106 An approved consent request gets the HIU the patient's records
  NHA test case HIU_FLOW_106 (M3; "any one of" 106–113 is mandatory): when the patient approves,
  the HIU fetches the consent artefacts, asks for the data with fresh key material, takes the
  encrypted records the HIP pushes, decrypts them, notifies the transfer with a truthful status
  per care context and shows exactly the records it received. The harness is consent manager
  and HIP; what the HIU shows is read through its test driver.

  Scenario: 106_1 The HIU fetches, decrypts and shows the records under the approved consent
    Given the HIU has asked the first test patient for consent to their records
    When the patient grants the consent request
    Then the HIU acknowledges the consent notification
    And the HIU fetches the consent artefact
    And the HIU asks for the records under the artefact with fresh key material
    When the HIP pushes the records to the HIU
    Then the HIU takes every push
    And the HIU notifies the transfer with the status of every record
    And the HIU shows exactly the records pushed

  Scenario: 106_2 A record that does not decrypt is reported ERRORED and not shown
    Given the HIU has asked the first test patient for consent to their records
    When the patient grants the consent request
    Then the HIU acknowledges the consent notification
    And the HIU fetches the consent artefact
    And the HIU asks for the records under the artefact with fresh key material
    When the HIP pushes the records to the HIU, one of them corrupted
    Then the HIU takes every push
    And the HIU notifies the transfer with the status of every record
    And the HIU shows exactly the records pushed

  Scenario: 106_3 A push under a transaction the HIU never started is refused or discarded
    Given the HIU has asked the first test patient for consent to their records
    When the patient grants the consent request
    Then the HIU acknowledges the consent notification
    And the HIU fetches the consent artefact
    And the HIU asks for the records under the artefact with fresh key material
    When the HIP pushes the records to the HIU under a transaction the HIU never started
    Then the HIU shows none of the records

  Scenario: 106_4 A page pushed twice is kept once
    Given the HIU has asked the first test patient for consent to their records
    When the patient grants the consent request
    Then the HIU acknowledges the consent notification
    And the HIU fetches the consent artefact
    And the HIU asks for the records under the artefact with fresh key material
    When the HIP pushes the records to the HIU, repeating a page
    Then the HIU shows exactly the records pushed

  Scenario: 106_5 An artefact issued to another HIU is not used
    Given the HIU has asked the first test patient for consent to their records
    When the patient grants the consent request with an artefact issued to another HIU
    Then the HIU acknowledges the consent notification
    And the HIU asks for no records under the artefact issued to another HIU

  Scenario: 106_6 Every request for records carries key material never used before
    Given the HIU holds the first test patient's records, pushed under their consent
    And the HIU has asked the second test patient for consent to their records
    When the patient grants the consent request
    Then the HIU acknowledges the consent notification
    And the HIU fetches the consent artefact
    And the HIU asks for the records under the artefact with fresh key material
