@M2 @HIP_INIT_NOTIFY_HIECM @mandatory
Feature: HIP_INIT_NOTIFY_HIECM The HIP sends a deep-link SMS when it knows only the patient's mobile
  NHA test case HIP_INIT_NOTIFY_HIECM (M2, mandatory): a new record is created for a patient
  who shared only a mobile number, not an ABHA address; the HIP calls the consent manager's
  SMS notify with the mobile and its HIP id, and ABDM texts the patient a deep link to
  discover the new record in the PHR app. The harness makes the HIP act through its test
  driver, or asks an operator to (interactive mode); without either the case is skipped.

  Scenario: NOTIFY_1 The HIP notifies the patient's mobile number through the gateway
    Given the first test patient
    When a new record is created at the HIP for the patient, known by mobile number only
    Then the HIP sends the gateway an SMS notify within the deadline
    And the gateway accepts the notify
    And the notify names the patient's mobile number and the HIP
    And the notify conforms to its ABDM schema
    And the HIP accepts the gateway's acknowledgement
