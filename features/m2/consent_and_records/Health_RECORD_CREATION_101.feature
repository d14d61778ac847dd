@M2 @Health_RECORD_CREATION_101 @mandatory
Feature: Health_RECORD_CREATION_101 The HIP creates digital health records in FHIR
  NHA test case Health_RECORD_CREATION_101 (M2, mandatory): the HIP creates digital health
  records for the HI types it holds; ABDM mandates sharing them as FHIR documents. Every record
  the HIP shares must be a FHIR R4 document valid against the NRCeS profile of its HI type.

  Scenario Outline: 101_1 Every record of the <patient> test patient is a valid FHIR document of its HI type
    Given the <patient> test patient has granted a consent for all their records
    And the HIP has saved the consent
    When the HIU asks for the records under the consent
    Then the records are pushed within the transfer deadline
    And every record decrypts with the HIU's keys
    And every consented care context is pushed
    And every record is a valid FHIR document for its HI type

    Examples:
      | patient |
      | first   |
      | second  |
