@M2 @USER_INIT_LINK_607 @mandatory
Feature: USER_INIT_LINK_607 The patient pulls the records they linked
  NHA test case USER_INIT_LINK_607 (M2, user-initiated linking, mandatory): records the patient
  linked in the PHR app can be pulled: under the patient's consent the HIP shares them.

  Scenario: 607_1 A care context linked with the OTP is pulled under the patient's consent
    Given the first test patient has linked their first care context with the OTP
    And the patient has granted a consent for the linked records
    And the HIP has saved the consent
    When the HIU asks for the records under the consent
    Then the records are pushed within the transfer deadline
    And every record decrypts with the HIU's keys
    And only the consented care contexts are pushed
    And every consented care context is pushed
    And every record is a valid FHIR document for its HI type
