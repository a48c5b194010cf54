"""The demo catalog's taxonomy: what a small workshop (electronics, mechanics, a bit of
lab work) keeps on its shelves. Three levels (root / group / leaf), ten roots of five
groups of five leaves: the large set uses all of it (310 categories), the small set the
first rows of each level. Each leaf says what its parts are called, in which unit they
are counted and what they cost, so a part always fits its category (issue 12: gloves
were in "Resistors", counted in rolls, under "Fasteners / Connectors / Resistors")."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Leaf:
    name: str  # the category
    noun: str  # what a part in it is called: "Resistor 0603"
    variants: tuple[str, ...]  # appended to the noun: "10 kΩ"
    unit: str  # pcs, m, kg, g, l, ml, pack, box, roll, set (catalog.UnitOfMeasure)
    cents: tuple[int, int]  # unit cost range


@dataclass(frozen=True)
class Group:
    name: str
    leaves: tuple[Leaf, ...]


@dataclass(frozen=True)
class Root:
    name: str
    groups: tuple[Group, ...]


def _leaves(unit: str, cents: tuple[int, int], variants: tuple[str, ...], *rows) -> tuple:
    """Leaves sharing a unit, a price range and variants; a row is (name, noun) or
    (name, noun, variants) or (name, noun, variants, unit)."""
    leaves = []
    for row in rows:
        name, noun, *rest = row
        leaves.append(
            Leaf(
                name=name,
                noun=noun,
                variants=rest[0] if rest else variants,
                unit=rest[1] if len(rest) > 1 else unit,
                cents=cents,
            )
        )
    return tuple(leaves)


OHMS = ("10 Ω", "100 Ω", "220 Ω", "1 kΩ", "4.7 kΩ", "10 kΩ", "47 kΩ", "100 kΩ", "1 MΩ")
FARADS = ("100 nF 50 V", "1 µF 25 V", "10 µF 16 V", "22 µF 25 V", "100 µF 35 V", "470 µF 25 V")
PACKAGES = ("SOT-23", "SOD-123", "TO-92", "TO-220", "SOIC-8", "DIP-8")
PINS = ("2-pin", "3-pin", "4-pin", "6-pin", "8-pin", "10-pin")
LENGTHS = ("6 mm", "8 mm", "10 mm", "12 mm", "16 mm", "20 mm", "25 mm")
WOOD = ("16 mm", "20 mm", "30 mm", "40 mm", "50 mm")
THREADS = ("M3", "M4", "M5", "M6", "M8", "M10")
SECTIONS = ("0.25 mm²", "0.5 mm²", "0.75 mm²", "1.5 mm²", "2.5 mm²")
SLEEVES = ("2.5 mm", "3.6 mm", "4.8 mm", "6.4 mm", "9.5 mm")
AMPS = ("1 A", "2 A", "5 A", "10 A", "16 A")
PIPES = ("15 mm", "22 mm", "28 mm")
SIZES = ("S", "M", "L", "XL")
BEARINGS = ("608", "6001", "6202", "6204", "6205")
GRITS = ("P80", "P120", "P180", "P240", "P400")

# fmt: off
TAXONOMY = (
    Root("Electronics", (
        Group("Resistors", _leaves("pcs", (2, 60), OHMS,
            ("Through-hole", "Resistor 0.25 W"), ("SMD 0603", "Resistor 0603"),
            ("SMD 0805", "Resistor 0805"), ("SMD 1206", "Resistor 1206"),
            ("Power resistors", "Power resistor 5 W"))),
        Group("Capacitors", _leaves("pcs", (5, 250), FARADS,
            ("Ceramic", "Ceramic capacitor"), ("Electrolytic", "Electrolytic capacitor"),
            ("Film", "Film capacitor"), ("Tantalum", "Tantalum capacitor"),
            ("Polymer", "Polymer capacitor"))),
        Group("Semiconductors", _leaves("pcs", (5, 400), PACKAGES,
            ("Diodes", "Diode"), ("Transistors", "Transistor"),
            ("Voltage regulators", "Voltage regulator"), ("Optocouplers", "Optocoupler"),
            ("Op-amps", "Op-amp"))),
        Group("Connectors", _leaves("pcs", (5, 300), PINS,
            ("Pin headers", "Pin header"), ("Terminal blocks", "Terminal block"),
            ("JST connectors", "JST connector"), ("Crimp housings", "Crimp housing"),
            ("IDC connectors", "IDC connector"))),
        Group("Modules", _leaves("pcs", (150, 4500), ("3.3 V", "5 V", "12 V"),
            ("Displays", "OLED display"), ("Sensors", "Sensor module"),
            ("Power supplies", "DC-DC converter"), ("Relay modules", "Relay module"),
            ("Development boards", "Development board"))),
    )),
    Root("Fasteners", (
        Group("Machine screws", _leaves("pcs", (3, 40), LENGTHS,
            ("M2", "Machine screw M2 ×"), ("M2.5", "Machine screw M2.5 ×"),
            ("M3", "Machine screw M3 ×"), ("M4", "Machine screw M4 ×"),
            ("M5", "Machine screw M5 ×"))),
        Group("Wood screws", _leaves("pcs", (1, 20), WOOD,
            ("3.0 mm", "Wood screw 3.0 ×"), ("3.5 mm", "Wood screw 3.5 ×"),
            ("4.0 mm", "Wood screw 4.0 ×"), ("4.5 mm", "Wood screw 4.5 ×"),
            ("5.0 mm", "Wood screw 5.0 ×"))),
        Group("Nuts", _leaves("pcs", (1, 30), THREADS,
            ("Hex nuts", "Hex nut"), ("Lock nuts", "Nyloc nut"), ("Wing nuts", "Wing nut"),
            ("Cap nuts", "Cap nut"), ("Threaded inserts", "Threaded insert"))),
        Group("Washers", _leaves("pcs", (1, 15), THREADS,
            ("Flat washers", "Flat washer"), ("Spring washers", "Spring washer"),
            ("Fender washers", "Fender washer"), ("Toothed washers", "Toothed lock washer"),
            ("Nylon washers", "Nylon washer"))),
        Group("Anchors and rivets", _leaves("pcs", (2, 80), ("4 mm", "5 mm", "6 mm", "8 mm"),
            ("Wall plugs", "Wall plug"), ("Blind rivets", "Blind rivet"),
            ("Anchor bolts", "Anchor bolt"), ("Cavity anchors", "Cavity anchor"),
            ("Rivet nuts", "Rivet nut"))),
    )),
    Root("Electrical", (
        Group("Cable", _leaves("m", (20, 400), SECTIONS,
            ("Hook-up wire", "Hook-up wire"), ("Silicone wire", "Silicone wire"),
            ("Mains cable", "Mains cable 3-core"), ("Speaker cable", "Speaker cable"),
            ("Earth cable", "Earth cable green/yellow"))),
        Group("Cable management", _leaves("pack", (100, 1500), SLEEVES,
            ("Cable ties", "Cable ties, 100 ×"), ("Heat-shrink tubing", "Heat-shrink tubing 1 m ×"),
            ("Spiral wrap", "Spiral wrap 10 m ×"), ("Cable clips", "Cable clips, 50 ×"),
            ("Grommets", "Grommets, 50 ×"))),
        Group("Protection", _leaves("pcs", (20, 2500), AMPS,
            ("Glass fuses", "Glass fuse 5×20 mm"), ("Blade fuses", "Blade fuse"),
            ("Circuit breakers", "Circuit breaker"), ("Fuse holders", "Fuse holder"),
            ("RCDs", "RCD 30 mA", ("16 A", "25 A", "40 A")))),
        Group("Switches", _leaves("pcs", (50, 1500), ("SPST", "SPDT", "DPDT"),
            ("Toggle switches", "Toggle switch"), ("Rocker switches", "Rocker switch"),
            ("Push buttons", "Push button"), ("Limit switches", "Limit switch"),
            ("Key switches", "Key switch"))),
        Group("Terminals", _leaves("pack", (150, 2000), ("0.5–1.5 mm²", "1.5–2.5 mm²", "4–6 mm²"),
            ("Ring terminals", "Ring terminals, 100 ×"), ("Spade terminals", "Spade terminals, 100 ×"),
            ("Butt connectors", "Butt connectors, 100 ×"), ("Ferrules", "Wire ferrules, 500 ×"),
            ("Lever connectors", "Lever connectors, 50 ×"))),
    )),
    Root("Tools", (
        Group("Drilling", _leaves("pcs", (80, 2500), ("3 mm", "4 mm", "5 mm", "6 mm", "8 mm", "10 mm"),
            ("HSS drill bits", "HSS drill bit"), ("Masonry drill bits", "Masonry drill bit"),
            ("Wood drill bits", "Wood drill bit"),
            ("Step drills", "Step drill", ("4–12 mm", "4–20 mm", "6–30 mm")),
            ("Hole saws", "Hole saw", ("22 mm", "32 mm", "51 mm", "68 mm")))),
        Group("Cutting", _leaves("pcs", (50, 1200), ("standard",),
            ("Hacksaw blades", "Hacksaw blade 300 mm", ("18 TPI", "24 TPI", "32 TPI")),
            ("Cutting discs", "Cutting disc", ("115 mm", "125 mm")),
            ("Utility blades", "Utility knife blade", ("18 mm", "25 mm")),
            ("Jigsaw blades", "Jigsaw blade", ("wood", "metal", "laminate")),
            ("Side cutters", "Side cutter", ("125 mm", "160 mm")))),
        Group("Measuring", _leaves("pcs", (300, 9000), ("standard",),
            ("Tape measures", "Tape measure", ("3 m", "5 m", "8 m")),
            ("Calipers", "Digital caliper", ("150 mm", "200 mm")),
            ("Spirit levels", "Spirit level", ("400 mm", "600 mm", "1000 mm")),
            ("Multimeters", "Multimeter", ("CAT II", "CAT III")),
            ("Squares", "Try square", ("150 mm", "300 mm")))),
        Group("Hand tools", _leaves("pcs", (200, 4000), ("standard",),
            ("Screwdrivers", "Screwdriver", ("PH1", "PH2", "SL4", "SL5.5", "T20", "T25")),
            ("Pliers", "Combination pliers", ("160 mm", "180 mm", "200 mm")),
            ("Spanners", "Combination spanner", ("8 mm", "10 mm", "13 mm", "17 mm")),
            ("Hex keys", "Hex key set", ("metric", "imperial"), "set"),
            ("Hammers", "Claw hammer", ("300 g", "500 g")))),
        Group("Power tool accessories", _leaves("pcs", (100, 6000), ("standard",),
            ("Screwdriver bits", "Screwdriver bit 25 mm", ("PH2", "PZ2", "T25", "T30")),
            ("Batteries", "Tool battery 18 V", ("2 Ah", "4 Ah", "5 Ah")),
            ("Chargers", "Battery charger 18 V", ("standard", "fast")),
            ("Impact sockets", "Impact socket", ("10 mm", "13 mm", "17 mm", "19 mm")),
            ("Bit holders", "Magnetic bit holder", ("60 mm", "150 mm")))),
    )),
    Root("Consumables", (
        Group("Adhesives", _leaves("pcs", (200, 1800), ("standard",),
            ("Epoxy", "Two-part epoxy", ("25 ml", "50 ml")),
            ("Super glue", "Cyanoacrylate glue", ("3 g", "20 g")),
            ("Threadlocker", "Threadlocker 10 ml", ("medium", "strong")),
            ("Silicone sealant", "Silicone sealant 310 ml", ("clear", "white")),
            ("Wood glue", "Wood glue", ("250 ml", "750 ml")))),
        Group("Tapes", _leaves("roll", (150, 1500), ("standard",),
            ("Insulating tape", "Insulating tape 19 mm × 20 m", ("black", "red", "blue")),
            ("Duct tape", "Duct tape 50 mm × 50 m", ("silver", "black")),
            ("Masking tape", "Masking tape × 50 m", ("25 mm", "38 mm")),
            ("Polyimide tape", "Polyimide tape × 33 m", ("10 mm", "20 mm")),
            ("Double-sided tape", "Double-sided tape × 10 m", ("12 mm", "19 mm")))),
        Group("Abrasives", _leaves("pack", (300, 2500), GRITS,
            ("Sandpaper", "Sandpaper sheets, 10 ×"), ("Sanding discs", "Sanding discs 125 mm, 25 ×"),
            ("Abrasive pads", "Abrasive pads, 10 ×", ("fine", "medium", "coarse")),
            ("Flap discs", "Flap disc 125 mm", ("P40", "P60", "P80"), "pcs"),
            ("Emery cloth", "Emery cloth 50 mm × 5 m", ("P120", "P240"), "roll"))),
        Group("Lubricants", _leaves("pcs", (300, 2500), ("standard",),
            ("Grease", "Lithium grease", ("400 g cartridge", "500 g tin")),
            ("Machine oil", "Machine oil", ("ISO VG 32", "ISO VG 68"), "l"),
            ("Penetrating oil", "Penetrating oil spray", ("400 ml",)),
            ("Silicone spray", "Silicone spray", ("400 ml",)),
            ("Cutting fluid", "Cutting fluid", ("soluble", "neat"), "l"))),
        Group("Cleaning", _leaves("pcs", (150, 2000), ("standard",),
            ("Isopropyl alcohol", "Isopropyl alcohol", ("99.9 %", "70 %"), "l"),
            ("Cleaning wipes", "Cleaning wipes, tub of 100", ("standard", "heavy duty")),
            ("Degreaser", "Degreaser spray", ("500 ml",)),
            ("Hand cleaner", "Hand cleaner", ("500 ml", "4.5 l")),
            ("Paper towels", "Paper towel", ("2-ply", "3-ply"), "roll"))),
    )),
    Root("Safety", (
        Group("Gloves", _leaves("box", (400, 1800), SIZES,
            ("Nitrile gloves", "Nitrile gloves, 100 ×"), ("Latex gloves", "Latex gloves, 100 ×"),
            ("Work gloves", "Work gloves, pair", ("8", "9", "10"), "pcs"),
            ("Cut-resistant gloves", "Cut-resistant gloves, pair", ("8", "9", "10"), "pcs"),
            ("Heat-resistant gloves", "Heat-resistant gloves, pair", ("9", "10"), "pcs"))),
        Group("Eye and face", _leaves("pcs", (300, 4000), ("standard",),
            ("Safety glasses", "Safety glasses", ("clear", "tinted")),
            ("Goggles", "Safety goggles", ("indirect vent", "anti-fog")),
            ("Face shields", "Face shield", ("polycarbonate",)),
            ("Welding lenses", "Welding lens", ("DIN 10", "DIN 11")),
            ("Over-glasses", "Over-glasses", ("clear",)))),
        Group("Hearing", _leaves("pcs", (50, 3000), ("standard",),
            ("Ear plugs", "Foam ear plugs, 200 pairs", ("SNR 37 dB",), "box"),
            ("Ear muffs", "Ear muffs", ("SNR 28 dB", "SNR 32 dB")),
            ("Banded ear plugs", "Banded ear plugs", ("SNR 24 dB",)),
            ("Reusable ear plugs", "Reusable ear plugs, 50 pairs", ("SNR 30 dB",), "pack"),
            ("Dispensers", "Ear plug dispenser", ("wall-mounted",)))),
        Group("Respiratory", _leaves("box", (600, 6000), ("standard",),
            ("FFP2 masks", "Dust masks FFP2, 20 ×", ("with valve", "without valve")),
            ("FFP3 masks", "Dust masks FFP3, 10 ×", ("with valve",)),
            ("Half masks", "Half mask", ("M", "L"), "pcs"),
            ("Filters", "Respirator filter", ("A2P3", "P3"), "pcs"),
            ("Full-face masks", "Full-face mask", ("M", "L"), "pcs"))),
        Group("First aid", _leaves("pcs", (150, 5000), ("standard",),
            ("First aid kits", "First aid kit", ("small", "large")),
            ("Plasters", "Plasters, 100 ×", ("fabric", "waterproof"), "box"),
            ("Eye wash", "Eye wash bottle", ("500 ml",)),
            ("Burn gel", "Burn gel", ("50 ml",)),
            ("Bandages", "Conforming bandage", ("6 cm", "8 cm")))),
    )),
    Root("Plumbing", (
        Group("Fittings", _leaves("pcs", (80, 900), PIPES,
            ("Elbows", "Compression elbow"), ("Tees", "Compression tee"),
            ("Couplers", "Straight coupler"), ("Reducers", "Reducer"), ("End caps", "End cap"))),
        Group("Valves", _leaves("pcs", (300, 4000), ("15 mm", "22 mm"),
            ("Ball valves", "Ball valve"), ("Check valves", "Check valve"),
            ("Isolating valves", "Isolating valve"), ("Gate valves", "Gate valve"),
            ("Relief valves", "Pressure relief valve"))),
        Group("Pipe and hose", _leaves("m", (80, 1200), ("standard",),
            ("Copper pipe", "Copper pipe", ("15 mm", "22 mm")),
            ("PEX pipe", "PEX pipe", ("16 mm", "20 mm")),
            ("PVC hose", "PVC hose", ("10 mm", "12 mm")),
            ("Silicone tube", "Silicone tube", ("6 mm", "8 mm")),
            ("Braided hose", "Braided hose", ("1/2 in", "3/4 in")))),
        Group("Seals", _leaves("pcs", (5, 300), ("standard",),
            ("O-rings", "O-ring NBR", ("10 × 2 mm", "20 × 2 mm", "30 × 3 mm")),
            ("Gaskets", "Fibre gasket", ("1/2 in", "3/4 in")),
            ("PTFE tape", "PTFE tape 12 mm × 12 m", ("standard",), "roll"),
            ("Hose clamps", "Hose clamp", ("10–16 mm", "16–25 mm", "25–40 mm")),
            ("Rubber washers", "Rubber washer", ("1/2 in", "3/4 in")))),
        Group("Pumps and filters", _leaves("pcs", (500, 9000), ("standard",),
            ("Filter cartridges", "Filter cartridge", ("10 in", "20 in")),
            ("Pump seal kits", "Pump seal kit", ("small", "large")),
            ("Strainers", "Y-strainer", ("15 mm", "22 mm")),
            ("Float switches", "Float switch", ("standard",)),
            ("Water meters", "Water meter", ("15 mm",)))),
    )),
    Root("Mechanical", (
        Group("Bearings", _leaves("pcs", (80, 2500), BEARINGS,
            ("Deep-groove bearings", "Deep-groove ball bearing"),
            ("Sealed bearings", "Sealed bearing 2RS"), ("Flanged bearings", "Flanged bearing"),
            ("Linear bearings", "Linear bearing", ("LM8UU", "LM10UU", "LM12UU")),
            ("Pillow blocks", "Pillow block", ("UCP204", "UCP205")))),
        Group("Springs", _leaves("pcs", (20, 1500), ("0.5 × 5 × 20 mm", "1 × 10 × 30 mm", "1.5 × 12 × 50 mm"),
            ("Compression springs", "Compression spring"), ("Extension springs", "Extension spring"),
            ("Torsion springs", "Torsion spring"),
            ("Gas springs", "Gas spring", ("100 N", "200 N", "400 N")),
            ("Spring assortments", "Spring assortment", ("200 pieces",), "set"))),
        Group("Transmission", _leaves("pcs", (150, 3000), ("standard",),
            ("Timing belts", "Timing belt GT2", ("200 mm", "400 mm", "610 mm")),
            ("Pulleys", "Timing pulley GT2", ("16T", "20T")),
            ("V-belts", "V-belt", ("A30", "A40")),
            ("Sprockets", "Sprocket", ("10T", "15T")),
            ("Shaft couplings", "Shaft coupling", ("5–8 mm", "8–8 mm")))),
        Group("Shafts and profiles", _leaves("pcs", (300, 3500), ("standard",),
            ("Linear rods", "Linear rod 8 mm", ("300 mm", "500 mm")),
            ("Threaded rod", "Threaded rod × 1 m", ("M6", "M8", "M10")),
            ("Aluminium profiles", "Aluminium profile 20×20", ("500 mm", "1000 mm")),
            ("Steel bar", "Steel bar × 1 m", ("10 mm", "12 mm")),
            ("Lead screws", "Lead screw T8", ("300 mm", "500 mm")))),
        Group("Hardware", _leaves("pcs", (50, 1500), ("standard",),
            ("Hinges", "Hinge", ("40 mm", "60 mm")), ("Castors", "Castor", ("50 mm", "75 mm")),
            ("Handles", "Pull handle", ("96 mm", "128 mm")),
            ("Latches", "Toggle latch", ("small", "large")),
            ("Brackets", "Angle bracket", ("40 mm", "60 mm")))),
    )),
    Root("Lab supplies", (
        Group("Pipetting", _leaves("box", (400, 6000), ("standard",),
            ("Pipette tips", "Pipette tips, rack of 96", ("10 µl", "200 µl", "1000 µl")),
            ("Pipettes", "Single-channel pipette", ("2–20 µl", "100–1000 µl"), "pcs"),
            ("Pasteur pipettes", "Pasteur pipettes 3 ml, 500 ×", ("standard",), "pack"),
            ("Serological pipettes", "Serological pipettes, 50 ×", ("5 ml", "10 ml", "25 ml"), "pack"),
            ("Pipette fillers", "Pipette filler", ("standard",), "pcs"))),
        Group("Tubes", _leaves("pack", (300, 3000), ("standard",),
            ("Microcentrifuge tubes", "Microcentrifuge tubes, 500 ×", ("1.5 ml", "2 ml")),
            ("Centrifuge tubes", "Centrifuge tubes, 50 ×", ("15 ml", "50 ml")),
            ("Cryovials", "Cryovials 2 ml, 100 ×", ("standard",)),
            ("PCR tubes", "PCR tube strips 0.2 ml, 125 ×", ("standard",)),
            ("Test tubes", "Test tubes 16 × 100 mm, 100 ×", ("glass",)))),
        Group("Glassware", _leaves("pcs", (150, 2500), ("standard",),
            ("Beakers", "Beaker", ("100 ml", "250 ml", "600 ml")),
            ("Flasks", "Erlenmeyer flask", ("250 ml", "500 ml")),
            ("Cylinders", "Measuring cylinder", ("100 ml", "500 ml")),
            ("Bottles", "Lab bottle", ("250 ml", "1000 ml")),
            ("Petri dishes", "Petri dishes 90 mm, 20 ×", ("standard",), "pack"))),
        Group("Chemicals", _leaves("l", (200, 3000), ("standard",),
            ("Ethanol", "Ethanol", ("70 %", "96 %")), ("Acetone", "Acetone", ("technical",)),
            ("Buffers", "PBS buffer 500 ml", ("pH 7.4",), "pcs"),
            ("Distilled water", "Distilled water", ("5 l can",)),
            ("Indicator strips", "pH indicator strips, 100 ×", ("pH 1–14",), "pack"))),
        Group("Lab consumables", _leaves("pack", (200, 2500), ("standard",),
            ("Weighing boats", "Weighing boats, 500 ×", ("small", "large")),
            ("Parafilm", "Parafilm 100 mm × 38 m", ("standard",), "roll"),
            ("Cryo labels", "Cryo labels, 1000 ×", ("standard",), "roll"),
            ("Filter paper", "Filter paper, 100 ×", ("90 mm", "125 mm")),
            ("Syringe filters", "Syringe filters 0.22 µm, 50 ×", ("PES", "PTFE")))),
    )),
    Root("Packaging", (
        Group("Boxes", _leaves("pcs", (40, 900), ("standard",),
            ("Cardboard boxes", "Cardboard box", ("200 × 150 × 100 mm", "300 × 200 × 150 mm", "400 × 300 × 200 mm")),
            ("Mailing boxes", "Mailing box", ("A5", "A4")),
            ("Storage bins", "Storage bin", ("size 2", "size 3", "size 4")),
            ("Conductive boxes", "Conductive box", ("small", "medium")),
            ("Assortment boxes", "Assortment box", ("12 compartments", "24 compartments")))),
        Group("Bags", _leaves("pack", (150, 1800), ("standard",),
            ("Grip-seal bags", "Grip-seal bags, 100 ×", ("60 × 80 mm", "100 × 150 mm")),
            ("Anti-static bags", "Anti-static bags, 100 ×", ("100 × 150 mm", "200 × 250 mm")),
            ("Bubble bags", "Bubble bags, 100 ×", ("A5", "A4")),
            ("Sample bags", "Sample bags, 100 ×", ("standard",)),
            ("Bin liners", "Bin liners, 25 ×", ("60 l", "120 l"), "roll"))),
        Group("Protective packaging", _leaves("roll", (300, 4000), ("standard",),
            ("Bubble wrap", "Bubble wrap × 50 m", ("300 mm", "500 mm")),
            ("Foam sheet", "Foam sheet 1 m²", ("5 mm", "10 mm"), "pcs"),
            ("Stretch film", "Stretch film × 300 m", ("500 mm",)),
            ("Void fill", "Paper void fill", ("standard",)),
            ("Corner protectors", "Corner protectors, 100 ×", ("35 mm", "50 mm"), "pack"))),
        Group("Labels", _leaves("roll", (200, 2500), ("standard",),
            ("Shipping labels", "Shipping labels 100 × 150 mm", ("standard",)),
            ("Barcode labels", "Barcode labels 50 × 25 mm", ("standard",)),
            ("Shelf label holders", "Shelf label holder", ("39 mm",), "pcs"),
            ("Warning labels", "Warning labels", ("ESD", "fragile")),
            ("Label tape", "Label tape", ("12 mm", "18 mm")))),
        Group("Tape and strapping", _leaves("roll", (150, 4000), ("standard",),
            ("Packing tape", "Packing tape 48 mm × 66 m", ("clear", "brown")),
            ("Strapping", "PP strapping 12 mm × 1000 m", ("standard",)),
            ("Strapping seals", "Strapping seals, 1000 ×", ("12 mm",), "pack"),
            ("Tape dispensers", "Tape dispenser", ("50 mm",), "pcs"),
            ("Fragile tape", "Fragile tape 48 mm × 66 m", ("standard",)))),
    )),
)
# fmt: on
