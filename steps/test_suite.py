"""Binds every feature file to the step library: each scenario becomes a pytest test."""

from pytest_bdd import scenarios

scenarios("../features")
