@M3 @HIU_FLOW_101 @mandatory @v0.5-only
Feature: HIU_FLOW_101 The HIU finds the patient by ABHA address
  NHA test case HIU_FLOW_101 (M3, create consent request, mandatory): the HIU user enters the
  patient's ABHA address and the HIU checks, through the gateway, that the ABHA is valid
  (v0.5 patients/find → on-find). v3 has no such API; there the ABHA is checked with ABHA's own
  APIs (milestone M1), so this case applies to v0.5.

  Scenario: 101_1 The HIU finds the patient and shows who they are
    Given the first test patient
    When the HIU user looks the patient up by ABHA address
    Then the HIU asks the gateway to find the patient
    And the HIU shows the patient the gateway found

  Scenario: 101_2 An ABHA address nobody holds is reported as such
    Given a person the HIP does not hold
    When the HIU user looks the patient up by ABHA address
    Then the HIU asks the gateway to find the patient
    And the HIU shows that nobody holds the ABHA address
