"""Receipt layouts that printed shop slips really have: who issued it, where, and what was paid."""

from fieldwise.extraction import extract
from fieldwise.extraction.schema import FieldSpec

from tests.extraction.docs import document, page

COMPANY = FieldSpec("company", "Name of the company or store that issued the receipt")
ADDRESS = FieldSpec("address", "Full postal address of the store that issued the receipt")
TOTAL = FieldSpec("total", "Total amount paid, after taxes and rounding", "float")


def _receipt(*lines: str, start: float = 0.05, step: float = 0.025):
    return document(page([(text, 0.2, start + step * n) for n, text in enumerate(lines)], source="ocr"))


def _value(spec: FieldSpec, *lines: str, start: float = 0.05):
    return extract(_receipt(*lines, start=start), [spec])[spec.name].value


def test_a_name_wrapped_over_two_lines_ends_at_its_registration_number():
    assert _value(COMPANY, "RESTAURANT JIAWEI", "JIAWEI HOUSE", "(002693074-K)", "13, JLN TASIK UTAMA 8",
                  "57000 KL") == "RESTAURANT JIAWEI JIAWEI HOUSE"


def test_a_name_keeps_the_space_before_its_parenthesis():
    assert _value(COMPANY, "AEON CO.(M) BHD (126926-H)", "3RD FLR, AEON TAMAN MALURI SC",
                  "JLN JEJAKA, TAMAN MALURI") == "AEON CO. (M) BHD"


def test_a_registration_number_misread_with_a_letter_is_still_cut_from_the_name():
    assert _value(COMPANY, "99 SPEED MART 5/B S19537-X)", "LOT P.T. 2811, JALAN ANGSA,") == "99 SPEED MART S/B"


def test_a_registration_number_is_not_the_start_of_the_address():
    got = _value(ADDRESS, "Gerbang Alaf Restaurants Sdn Bhd", "(65351-M)", "Licensee of McDonald's",
                 "Level 6, Bangunan TH, Damansara Uptown3", "No.3, Jalan SS21/39,47400 Petaling Jaya",
                 "Selangor", "(GST ID No: 000504664064)")
    assert got == "Level 6, Bangunan TH, Damansara Uptown3 No.3, Jalan SS21/39,47400 Petaling Jaya Selangor"


def test_a_line_after_a_trailing_comma_still_belongs_to_the_address():
    got = _value(ADDRESS, "PASAR RAYA MEGA MAJU", "(SEMENYIH) SDN BHD", "(767840-W)", "NO 24, 25 & 26,",
                 "JALAN PUSAT PERNIAGAAN BUNGA RAYA 4,", "PUSAT PERNIAGAAN BUNGA RAYA,", "TEL: FAX:",
                 "GST Reg No: 000746659840")
    assert got == "NO 24, 25 & 26, JALAN PUSAT PERNIAGAAN BUNGA RAYA 4, PUSAT PERNIAGAAN BUNGA RAYA"


def test_the_address_stops_at_a_gst_number_even_when_ocr_reads_s_as_5_and_drops_a_lone_quote():
    got = _value(ADDRESS, "99 SPEED MART S/B (519537-X)", "LOT P.T. 2811, JALAN ANGSA,", "TAMAN BERKELEY",
                 '"41150 KLANG, SELANGOR', "G5T ID. NO: 000181747712")
    assert got == "LOT P.T. 2811, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG, SELANGOR"


def test_the_rounded_total_is_what_was_paid():
    assert _value(TOTAL, "SHOP SDN BHD", "2 Item(s) Total (MYR) : 17.93", "Net Total (MYR) : 19.01",
                  "Rounding Adj. : -0.01", "Net Total Rounded (MYR) : 19.00", "Cash 19.00", "Change 0.00",
                  start=0.5) == 19.0


def test_the_amount_to_be_paid_after_rounding_adjustment():
    assert _value(TOTAL, "SHOP SDN BHD", "Total: 25.44", "Discount: 0.00", "Rounding Adjustment: 0.01",
                  "Amount To Be Paid : 25.45", "Cash Received: 25.50", "Change 0.05", start=0.5) == 25.45


def test_the_amount_accepted_is_what_was_tendered_not_the_total():
    assert _value(TOTAL, "CAR PARK SDN BHD", "010100 Pay parking ticket 5.00 RM", "Accepted total 10.00 RM",
                  "Change 5.00 RM", start=0.5) == 5.0


def test_address_words_the_ocr_misread_are_put_right_but_a_text_layer_is_left_alone():
    lines = ["KEDAI SDN BHD", "NO.12,JA:AN SS4C/5,PETALING JAYA", "SE_ANGOR DARUL EHSAN", "TEL: 03-1234 5678"]
    got = extract(_receipt(*lines), [ADDRESS])["address"]
    assert got.value == "NO.12,JALAN SS4C/5,PETALING JAYA SELANGOR DARUL EHSAN"
    assert got.evidence[0].text == "NO.12,JA:AN SS4C/5,PETALING JAYA SE_ANGOR DARUL EHSAN"  # what the page says
    typed = document(page([(text, 0.2, 0.05 + 0.025 * n) for n, text in enumerate(lines)]))
    assert extract(typed, [ADDRESS])["address"].value == "NO.12,JA:AN SS4C/5,PETALING JAYA SE_ANGOR DARUL EHSAN"


def test_a_line_that_only_names_a_place_is_not_who_issued_the_receipt():
    """The shop's name was cut off above the photo: better no company than the state the address ends in."""
    assert _value(COMPANY, "K3-113, JL IBRAHIM SULTAN", "80300 JOHOR BAHRU", "JOHOR", "H/P:019-7521215",
                  "CASH", "RM 170.00") is None
