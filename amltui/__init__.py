"""amltui: a terminal questionnaire for exploring options in relapsed or refractory AML.

An educational tool, not medical advice.
"""

__version__ = "0.1.0"
