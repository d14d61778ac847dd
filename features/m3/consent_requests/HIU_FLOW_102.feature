@M3 @HIU_FLOW_102 @mandatory
Feature: HIU_FLOW_102 The HIU creates a consent request
  NHA test case HIU_FLOW_102 (M3, create consent request, mandatory): the HIU user picks the
  purpose, the duration and expiry and the HI types, and the HIU sends the consent request
  (consent-requests/init; v3 consent/v3/request/init), answered with the request's id.

  Scenario: 102_1 The consent request carries what the user asked for, with an expiry in the future
    Given the first test patient
    When the HIU user asks for the patient's consent to their records
    Then the HIU sends the gateway a consent request within the deadline
    And the consent request names the patient, the HIU, a purpose of use and what the user asked for
