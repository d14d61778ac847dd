@M2 @ADV_HIP_GATEWAY_TOKEN @advisory
Feature: ADV_HIP_GATEWAY_TOKEN The HIP acts only on requests signed by the gateway
  A check of this harness, not an NHA test case (reported as advisory): a bridge is a
  public URL, so the HIP must verify the gateway's token against the gateway's
  published keys and refuse anything else with 401, without acting on it.
  Source: abdm-api.md §2.4.

  Scenario Outline: ADV_HIP_GATEWAY_TOKEN_1 A discovery request with <credential> is refused
    Given the first test patient
    When the gateway sends the patient's discovery request to the HIP with <credential>
    Then the HIP refuses the request with 401 and does not call back

    Examples:
      | credential                        |
      | no token                          |
      | a token not signed by the gateway |
