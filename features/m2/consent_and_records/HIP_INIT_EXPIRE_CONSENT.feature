@M2 @HIP_INIT_EXPIRE_CONSENT @mandatory
Feature: HIP_INIT_EXPIRE_CONSENT The HIP deletes a consent that expired
  NHA test case HIP_INIT_EXPIRE_CONSENT (M2, mandatory): a consent granted with a short expiry
  expires, the consent manager notifies the HIP, and the HIP deletes the consent.
  (The v0.5 spec text says expiry is not notified to an HIP; the test case expects it, and
  v3 sends it. The HIP is also responsible for tracking expiry itself.)

  Scenario: EXPIRE_1 An expired consent is acknowledged and no longer served
    Given the first test patient has granted a consent for all their records
    And the HIP has saved the consent
    When the consent expires
    Then the HIP calls back with "on-consent-notify" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the callback answers the request
    And the HIP acknowledges the consent
    When the HIU asks for the records under the consent
    Then the HIP calls back with "on-hi-request" within the deadline
    And the HIP refuses the request and pushes nothing
