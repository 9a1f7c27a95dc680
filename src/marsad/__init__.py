"""marsad — Arabic news pages in, a structured record of who met whom, who said what, when and where out."""

__version__ = "0.1.0"
