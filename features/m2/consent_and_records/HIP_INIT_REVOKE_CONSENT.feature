@M2 @HIP_INIT_REVOKE_CONSENT @mandatory
Feature: HIP_INIT_REVOKE_CONSENT The HIP deletes a consent the patient revoked
  NHA test case HIP_INIT_REVOKE_CONSENT (M2, mandatory): the patient revokes a granted consent
  in the PHR app, the consent manager notifies the HIP, and the HIP deletes the consent:
  records are no longer shared under it.

  Scenario: REVOKE_1 A revoked consent is acknowledged and no longer served
    Given the first test patient has granted a consent for all their records
    And the HIP has saved the consent
    When the patient revokes the consent
    Then the HIP calls back with "on-consent-notify" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the callback answers the request
    And the HIP acknowledges the consent
    When the HIU asks for the records under the consent
    Then the HIP calls back with "on-hi-request" within the deadline
    And the HIP refuses the request and pushes nothing
