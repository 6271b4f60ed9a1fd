"""Document + fields -> {name: ExtractedValue | rows}. Pure functions, no I/O."""

from fieldwise.extraction.engine import extract
from fieldwise.extraction.result import Evidence, ExtractedValue, Extraction, FieldResult
from fieldwise.extraction.schema import DATA_TYPES, EnumOption, FieldSpec

__all__ = [
    "DATA_TYPES", "EnumOption", "Evidence", "ExtractedValue", "Extraction", "FieldResult", "FieldSpec", "extract",
]
