"""Fixtures of the functional tests: the hand-built Argos test packages (see argos_fixture)."""

from argos_fixture import argos_empty, argos_home, argos_installed, argos_packages, index

__all__ = ["argos_empty", "argos_home", "argos_installed", "argos_packages", "index"]
