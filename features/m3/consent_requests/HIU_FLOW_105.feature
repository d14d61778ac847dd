@M3 @HIU_FLOW_105 @mandatory
Feature: HIU_FLOW_105 A denied consent request gives the HIU no data
  NHA test case HIU_FLOW_105 (M3, create consent request, mandatory): when the patient denies
  the request in the PHR app the HIU is notified (status DENIED, no artefacts) and must never
  try to fetch data under it.

  Scenario: 105_1 The HIU acknowledges the denial and fetches nothing
    Given the HIU has asked the first test patient for consent to their records
    When the patient denies the consent request
    Then the HIU acknowledges the consent notification
    And the HIU fetches nothing under the denied request
    And the HIU lists the request with the patient's ABHA address, its dates and status "DENIED"
