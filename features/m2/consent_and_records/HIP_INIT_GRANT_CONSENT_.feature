@M2 @HIP_INIT_GRANT_CONSENT_ @mandatory
Feature: HIP_INIT_GRANT_CONSENT_ The HIP saves a consent the patient granted
  NHA test case HIP_INIT_GRANT_CONSENT_ (M2, mandatory; the newer workbook makes it mandatory
  when the HIP links by direct auth): the patient grants a consent in the PHR app, the consent
  manager notifies the HIP, and the HIP saves the consent artefact in its records.
  The harness proves the artefact was saved by asking for records under it.

  Scenario: GRANT_1 The HIP acknowledges a granted consent and serves records under it
    Given the first test patient has granted a consent for all their records
    When the consent manager notifies the HIP of the consent
    Then the HIP acknowledges the request
    And the HIP calls back with "on-consent-notify" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the callback answers the request
    And the HIP acknowledges the consent
    When the HIU asks for the records under the consent
    Then the HIP calls back with "on-hi-request" within the deadline
    And the HIP acknowledges the health-information request
