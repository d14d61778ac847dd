@M3 @ADV_HIU_GATEWAY_TOKEN @advisory
Feature: ADV_HIU_GATEWAY_TOKEN The HIU acts only on requests signed by the gateway
  A check of this harness, not an NHA test case (reported as advisory): an HIU's bridge is a
  public URL, so the HIU must verify the gateway's token against the gateway's published keys
  and refuse anything else with 401, without acting on it: a forged grant must not make it
  fetch a consent artefact or ask for records.
  Source: NHA ndhm-hiu.yml v0.5 (Authorization required on every bridge API), NHA ABDM v3 API
  documentation (gateway certs).

  Scenario Outline: ADV_HIU_GATEWAY_TOKEN_1 A consent notification with <credential> is refused
    Given the HIU has asked the first test patient for consent to their records
    When the gateway sends the HIU the patient's grant with <credential>
    Then the HIU refuses the request with 401 and does not call back

    Examples:
      | credential                        |
      | no token                          |
      | a token not signed by the gateway |
