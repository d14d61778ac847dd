@M2 @HIP_INIT_SHARE_CARECONTEXT @mandatory
Feature: HIP_INIT_SHARE_CARECONTEXT The HIP shares the records of a care context on request
  NHA test case HIP_INIT_SHARE_CARECONTEXT (M2, mandatory): the HIP receives a request carrying
  a consent id and a data-push URL, verifies a valid consent covers it, encrypts only the
  consented HI types within the consented dates with the HIU's public key, pushes them to the
  URL and notifies the consent manager. The test case allows 2 hours; ABDM's transfer times out
  after 20 minutes, which is this harness's default deadline.

  Scenario Outline: SHARE_1 The HIP shares exactly the consented records of the <patient> test patient
    Given the <patient> test patient has granted a consent for all their records
    And the HIP has saved the consent
    When the HIU asks for the records under the consent
    Then the HIP calls back with "on-hi-request" within the deadline
    And the gateway accepts the callback
    And the callback conforms to its ABDM schema
    And the callback answers the request
    And the HIP acknowledges the health-information request
    And the records are pushed within the transfer deadline
    And every pushed page conforms to its ABDM schema
    And every record decrypts with the HIU's keys
    And every record's checksum holds
    And only the consented care contexts are pushed
    And every consented care context is pushed
    And the HIP notifies the transfer with a status for every record
    And the gateway accepts the notify, which conforms to its ABDM schema

    Examples:
      | patient |
      | first   |
      | second  |

  Scenario: SHARE_2 Only the consented HI type is shared
    Given the first test patient has granted a consent for their "Prescription" records only
    And the HIP has saved the consent
    When the HIU asks for the records under the consent
    Then the records are pushed within the transfer deadline
    And every record decrypts with the HIU's keys
    And only the consented care contexts are pushed
    And every consented care context is pushed

  Scenario: SHARE_3 A request for dates outside the consent is refused
    Given the first test patient has granted a consent for all their records
    And the HIP has saved the consent
    When the HIU asks for records from before the consent's date range
    Then the HIP calls back with "on-hi-request" within the deadline
    And the callback conforms to its ABDM schema
    And the HIP refuses the request and pushes nothing

  Scenario: SHARE_4 A request under a consent the HIP was never given is refused
    Given the first test patient has granted a consent for all their records
    When the HIU asks for the records under the consent
    Then the HIP calls back with "on-hi-request" within the deadline
    And the callback conforms to its ABDM schema
    And the HIP refuses the request and pushes nothing

  Scenario: SHARE_5 A request whose key material is not a point on the curve is refused
    Given the first test patient has granted a consent for all their records
    And the HIP has saved the consent
    When the HIU asks for the records with a public key that is not on the curve
    Then the HIP calls back with "on-hi-request" within the deadline
    And the callback conforms to its ABDM schema
    And the HIP refuses the request and pushes nothing
