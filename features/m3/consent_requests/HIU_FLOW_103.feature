@M3 @HIU_FLOW_103 @mandatory
Feature: HIU_FLOW_103 The consent request reaches the patient's PHR app
  NHA test case HIU_FLOW_103 (M3, newer workbook, mandatory): the consent request appears in
  the patient's PHR app. The consent manager takes the request only if it is valid, and answers
  the HIU with its id; the HIU must take that answer.

  Scenario: 103_1 The consent manager accepts the request for the patient and the HIU takes its answer
    Given the first test patient
    When the HIU user asks for the patient's consent to their records
    Then the HIU sends the gateway a consent request within the deadline
    And the consent manager accepts the request and the HIU takes its answer
