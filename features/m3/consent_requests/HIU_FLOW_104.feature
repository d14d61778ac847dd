@M3 @HIU_FLOW_104 @mandatory
Feature: HIU_FLOW_104 The HIU lists consent requests with their ABHA, dates and status
  NHA test case HIU_FLOW_104 (M3, create consent request, mandatory): the list of consent
  requests shows the ABHA address, the created and expiry dates and the status, kept current
  from the consent manager's notifications and its status API (consent-requests/status). The
  list is read through the HIU's test driver.

  Scenario: 104_1 A new request is listed as REQUESTED and its status can be asked for
    Given the HIU has asked the first test patient for consent to their records
    When the HIU user checks the consent request's status
    Then the HIU asks the gateway for the consent request's status
    And the HIU lists the request with the patient's ABHA address, its dates and status "REQUESTED"

  Scenario: 104_2 The list follows the patient's decision
    Given the HIU has asked the first test patient for consent to their records
    When the patient grants the consent request
    Then the HIU acknowledges the consent notification
    And the HIU lists the request with the patient's ABHA address, its dates and status "GRANTED"
