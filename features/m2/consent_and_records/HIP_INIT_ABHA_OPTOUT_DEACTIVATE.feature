@M2 @HIP_INIT_ABHA_OPTOUT_DEACTIVATE @mandatory @v0.5-only
Feature: HIP_INIT_ABHA_OPTOUT_DEACTIVATE The HIP forgets a patient who deactivated their ABHA
  NHA test case HIP_INIT_ABHA_OPTOUT_DEACTIVATE (M2, mandatory in the 2023 test cases, absent
  from the newer workbook): when the patient opts out, the HIP deletes the ABHA address and
  every consent associated with it. Only v0.5 has this notification.

  Scenario: OPTOUT_1 After deactivation no consent of the patient is served
    Given the first test patient has granted a consent for all their records
    And the HIP has saved the consent
    When the patient deactivates their ABHA
    Then the HIP calls back with "on-patient-status-notify" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the callback answers the request
    And the HIP acknowledges the deactivation
    When the HIU asks for the records under the consent
    Then the HIP calls back with "on-hi-request" within the deadline
    And the HIP refuses the request and pushes nothing
