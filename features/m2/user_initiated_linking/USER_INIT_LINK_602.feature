@M2 @USER_INIT_LINK_602 @mandatory @attest
Feature: USER_INIT_LINK_602 The patient finds the HIP in the PHR app
  NHA test case USER_INIT_LINK_602 (M2, user-initiated linking, mandatory): the PHR app lets
  the patient search for the facility (hospital, lab, clinic, nursing home, doctor, government
  programme, telemedicine) and select it. Nothing reaches the HIP: it must be registered and
  active in the sandbox's bridge services. Only a screen shows this, so an operator attests it.

  Scenario: 602_1 The facility is listed and selectable in the PHR app's search
    Given the operator has searched for the HIP in the PHR app
    Then the operator attests that the HIP is listed and can be selected
