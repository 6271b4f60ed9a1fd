"""Names of places whose law can govern an agreement: US states and territories, and countries."""

US_STATES = (
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho Illinois "
    "Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi Missouri "
    "Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington "
    "Wisconsin Wyoming"
).split() + [
    "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Rhode Island",
    "South Carolina", "South Dakota", "West Virginia", "District of Columbia", "Puerto Rico",
]
COUNTRIES = [
    "England and Wales", "England", "Scotland", "Ireland", "United Kingdom", "Canada", "Ontario", "Quebec",
    "British Columbia", "Alberta", "Australia", "New South Wales", "Victoria", "Germany", "France", "Spain", "Italy",
    "Netherlands", "Switzerland", "Sweden", "Israel", "Japan", "China", "Hong Kong", "Singapore", "Malaysia",
    "India", "Bermuda", "Cayman Islands", "Luxembourg", "Belgium", "Denmark", "Norway", "Finland", "Mexico",
    "Brazil", "Korea", "Taiwan", "Austria",
]
PLACES = sorted(US_STATES + COUNTRIES, key=len, reverse=True)
