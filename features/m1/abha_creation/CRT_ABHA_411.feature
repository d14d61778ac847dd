@M1 @CRT_ABHA_411 @optional @attest
Feature: CRT_ABHA_411 The desk prints its own ABHA card after a document enrolment
  NHA test case CRT_ABHA_411 (M1, ABHA creation via driving licence or PAN, optional): as CRT_ABHA_115 for the
  driving licence or PAN flow: an integrator that does not use ABHA's card prints its own, with the ABHA
  number and address. Both sources give this number the same meaning. A printed card is no API call, so an
  operator attests it.

  Scenario: 411_1 The desk's own card shows the ABHA number and address
    Given the operator has printed the desk's own card for an ABHA created by driving licence or PAN
    Then the operator attests that the card shows the ABHA number and the ABHA address
