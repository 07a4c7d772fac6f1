package chapter

// member is one row of the demo chapter's contacts file plus what the
// generator needs to invent referrals to and from them.
type member struct {
	ID, Name, Company, Trade string
	Kind                     string // an model.Kind spelling
	Tags                     string // ';'-separated
	Email                    string
	// Lo and Hi bound the money value (US dollars) of one piece of business
	// for this member's trade: a commission, a fee, a job or a year's contract.
	Lo, Hi float64
	// Group is the member's circle of related trades; background referrals
	// mostly stay inside a circle.
	Group string
}

// Circles of related trades.
const (
	home     = "home"
	finance  = "finance"
	business = "business"
	events   = "events"
	wellness = "wellness"
)

// members is the chapter roster. Every person and business is invented;
// the e-mail domains use the reserved .example top-level domain.
var members = []member{
	{"m01", "Marisol Vega", "Harbor Lane Lending", "mortgage broker", "client", "power-team;home;leadership", "marisol@harborlanelending.example", 3000, 9000, home},
	{"m02", "Grant Holloway", "Holloway Realty Group", "residential realtor", "friend", "power-team;home;leadership", "grant@hollowayrealty.example", 6000, 18000, home},
	{"m03", "Nadia Petrossian", "Petrossian Law PLLC", "real estate attorney", "association", "power-team;home;professional", "nadia@petrossianlaw.example", 1200, 3000, home},
	{"m04", "Dev Raghunathan", "Keystone Home & Auto Insurance", "home and auto insurance", "client", "power-team;home", "dev@keystoneinsure.example", 900, 3200, home},
	{"m05", "Luis Carvalho", "TrueLevel Home Inspections", "home inspector", "vendor", "power-team;home;trades", "luis@truelevel.example", 400, 750, home},
	{"m06", "Ellen Fairbrook", "Fairbrook, Lowe & Tan, CPAs", "CPA", "vendor", "professional;finance", "ellen@fairbrooklowetan.example", 1500, 6000, finance},
	{"m07", "Tomasz Wierzbicki", "Northstar Wealth Partners", "financial planner", "past-client", "professional;finance", "tomasz@northstarwealth.example", 2500, 12000, finance},
	{"m08", "Adaeze Nwosu", "Cedar Valley Community Bank", "commercial banker", "association", "professional;finance;leadership", "adaeze@cedarvalleybank.example", 2500, 15000, finance},
	{"m09", "Reuben Castellanos", "Castellanos Business Law", "business attorney", "past-client", "professional", "reuben@castellanoslaw.example", 1500, 8000, finance},
	{"m10", "Hollis Brandt", "Brandt Print & Mail", "commercial printer", "vendor", "business-services", "hollis@brandtprint.example", 300, 2500, business},
	{"m11", "Junie Okonkwo", "Petal & Stem Florals", "florist", "friend", "events", "junie@petalandstem.example", 150, 3000, events},
	{"m12", "Priyanka Desai", "Pixelwise Web Studio", "web designer", "vendor", "business-services;marketing", "priyanka@pixelwise.example", 2500, 12000, business},
	{"m13", "Callum Fraser", "Bytefront IT Support", "IT support", "vendor", "business-services", "callum@bytefront.example", 3000, 18000, business},
	{"m14", "Simone Achterberg", "Align Family Chiropractic", "chiropractor", "client", "wellness", "simone@alignfamilychiro.example", 600, 2500, wellness},
	{"m15", "Maeve O'Brien", "O'Brien & Daughters Plumbing", "plumber", "friend", "trades;home", "maeve@obriendaughters.example", 250, 6000, home},
	{"m16", "Andre Baptiste", "Baptiste Electric", "electrician", "colleague", "trades;home", "andre@baptisteelectric.example", 300, 8000, home},
	{"m17", "Kurt Lindqvist", "Summit Ridge Roofing", "roofer", "client", "trades;home", "kurt@summitridgeroofing.example", 8000, 26000, home},
	{"m18", "Rosa Imbriani", "Imbriani Photography", "photographer", "friend", "events;creative", "rosa@imbrianiphoto.example", 500, 4500, events},
	{"m19", "Felix Montague", "Montague Table Catering", "caterer", "client", "events", "felix@montaguetable.example", 1500, 12000, events},
	{"m20", "Harriet Osei", "PeopleFirst HR Consulting", "HR consultant", "colleague", "professional;business-services", "harriet@peoplefirsthr.example", 2000, 15000, business},
	{"m21", "Zoë Ångström", "Ångström Interiors", "interior designer", "past-client", "home;creative", "zoe@angstrominteriors.example", 3000, 30000, home},
	{"m22", "Mateo Quispe", "Greenway Landscapes", "landscaper", "friend", "trades;home", "mateo@greenwaylandscapes.example", 1000, 15000, home},
	{"m23", "Wade Kowalczyk", "Kowalczyk Build & Remodel", "general contractor", "colleague", "trades;home;leadership", "wade@kowalczykbuild.example", 8000, 60000, home},
	{"m24", "Lorna Pettigrew", "Fresh Coat Painting", "painter", "client", "trades;home", "lorna@freshcoatpainting.example", 1200, 9000, home},
	{"m25", "Samir Haddad", "Comfort Air HVAC", "HVAC", "vendor", "trades;home", "samir@comfortairhvac.example", 400, 12000, home},
	{"m26", "Bettina Kruger", "Easy Haul Movers", "moving company", "colleague", "home", "bettina@easyhaul.example", 800, 5000, home},
	{"m27", "Ngozi Adeyemi", "Sparkle Works Cleaning", "home and office cleaning", "friend", "home;business-services", "ngozi@sparkleworks.example", 150, 2400, home},
	{"m28", "Owen Tremblay", "Bright Harbor Dental", "dentist", "past-client", "wellness", "owen@brightharbordental.example", 400, 6000, wellness},
	{"m29", "Ingrid Solberg", "Stillwater Massage", "massage therapist", "friend", "wellness", "ingrid@stillwatermassage.example", 90, 900, wellness},
	{"m30", "Jamal Whitaker", "Forge Fitness Coaching", "personal trainer", "colleague", "wellness", "jamal@forgefitness.example", 600, 3600, wellness},
	{"m31", "Cody Brennan", "Buzzline Social Media", "social media marketing", "association", "marketing", "cody@buzzline.example", 1200, 9000, business},
	{"m32", "Yuki Tanabe", "Ledgerlight Bookkeeping & Payroll", "bookkeeping and payroll", "competitor", "professional;finance", "yuki@ledgerlight.example", 1200, 7000, finance},
	{"m33", "Delphine Rousseau", "Soirée Event Planning", "event planner", "client", "events", "delphine@soireeevents.example", 1500, 15000, events},
	{"m34", "Arjun Mehta", "Wanderwise Travel", "travel agent", "past-client", "events", "arjun@wanderwise.example", 500, 8000, events},
	{"m35", "Colette Duval", "Signal Signs & Promo", "signs and promotional products", "vendor", "business-services", "colette@signalsigns.example", 300, 6000, business},
	{"m36", "Gideon Asante", "Asante Benefits Group", "life and benefits insurance", "competitor", "finance;professional", "gideon@asantebenefits.example", 1000, 9000, finance},
	{"m37", "Paloma Serrano", "Serrano Commercial Property", "commercial realtor", "competitor", "professional", "paloma@serranocommercial.example", 5000, 40000, finance},
	{"m38", "Everett Hale", "Hale Pest Solutions", "pest control", "vendor", "trades;home", "everett@halepest.example", 150, 1500, home},
	{"m39", "Rashida Bello", "Bello Auto Care", "auto repair", "friend", "trades", "rashida@belloautocare.example", 200, 3000, wellness},
	{"m40", "Tobias Engel", "Engel Copywriting", "copywriter", "association", "new-member;marketing", "tobias@engelcopy.example", 800, 5000, business},
}

// outsiders are people named in referrals who are not chapter members (and
// not in the contacts file), with the value range of their business when
// they receive a referral.
var outsiders = map[string][2]float64{
	"Priya Raman":       {500, 1500}, // title officer the attorney works with
	"Keller Gutter Co.": {600, 4000}, // gutter installer the roofer subcontracts
}

// firstNames and lastNames make up referred prospects' names.
var firstNames = []string{
	"Abigail", "Ahmed", "Alicia", "Anders", "Beatriz", "Bennett", "Camila", "Carter", "Chloe", "Darius",
	"Deepa", "Eamon", "Elif", "Emeka", "Fatima", "Florian", "Gemma", "Hana", "Hugo", "Imani",
	"Isaac", "Jolene", "Jonah", "Kaito", "Keira", "Lars", "Leila", "Marcus", "Mira", "Nikhil",
	"Noor", "Odette", "Oscar", "Paige", "Quentin", "Renata", "Rhys", "Sanjay", "Selma", "Soren",
	"Tamsin", "Teodor", "Uma", "Valentina", "Wes", "Xiomara", "Yara", "Yusuf", "Zara", "Siobhán",
}

var lastNames = []string{
	"Abernathy", "Alvarado", "Bakshi", "Barros", "Calloway", "Chen", "Dalgaard", "Delacroix", "Ekwueme", "Farrow",
	"Gallagher", "Gutiérrez", "Haverford", "Ibarra", "Jovanovic", "Kaminski", "Lindgren", "Marchetti", "Nakashima", "Nyberg",
	"Okafor", "Pemberton", "Quinlan", "Ramírez", "Sandoval", "Thorne", "Underwood", "Varga", "Whitcombe", "Yilmaz",
	"D'Souza", "MacAllister", "Oyelaran", "Strand", "Vasquez", "Hollander", "Ferreira", "Brightwater", "Kowal", "Duarte",
}

// companies are prospects for trades that sell to businesses.
var companies = []string{
	"Lakeside Veterinary Clinic", "Copperleaf Bakery", "Riverbend Dental Lab", "Tall Pines Daycare", "Northgate Auto Glass",
	"Bluebird Yoga Studio", "Meridian Freight LLC", "Oakhurst Family Pharmacy", "Kestrel Brewing Co.", "Ironwood Machining",
	"Sunday Morning Café", "Harbor Point Marina", "Evergreen Senior Living", "Quarry Street Books", "Fieldstone Orthodontics",
	"Tidewater Logistics", "Larkspur Salon & Spa", "Granite Peak Engineering", "Maplewood Montessori", "Silver Fern Optometry",
}

// businessTrades are the trades whose prospects are mostly companies.
var businessTrades = map[string]bool{
	"CPA": true, "commercial banker": true, "business attorney": true, "commercial printer": true,
	"web designer": true, "IT support": true, "HR consultant": true, "social media marketing": true,
	"bookkeeping and payroll": true, "signs and promotional products": true, "life and benefits insurance": true,
	"commercial realtor": true, "copywriter": true,
}

// generalNotes fit a referral to any trade. Some contain commas, quotes and
// '<' on purpose, to exercise escaping downstream.
var generalNotes = []string{
	"met at our 1-to-1",
	"said \"call after 5pm\"",
	"budget <$5k, wants a quote this month",
	"neighbour of mine, mention my name",
	"prefers e-mail, not phone",
}

// tradeNotes are notes about what the prospect needs, by receiving member.
var tradeNotes = map[string][]string{
	"m01": {"first-time buyer, needs pre-approval", "refinancing, rate shopping", "self-employed, two years of returns"},
	"m02": {"relocating in spring", "downsizing; selling the family home", "wants a 3-bed near the schools"},
	"m03": {"closing in 30 days, needs an attorney", "title problem on inherited house", "FSBO sale, needs a contract"},
	"m04": {"new homeowner, needs a policy by closing", "premium jumped 40%, wants quotes", "bundling home & auto"},
	"m05": {"pre-listing inspection", "buyer under contract, inspection this week", "inherited house, needs everything checked"},
	"m06": {"behind on last year's taxes", "new LLC, needs books set up", "IRS letter, worried"},
	"m07": {"wants a second opinion on retirement plan", "sold a business, needs a plan", "401(k) rollover"},
	"m08": {"opening a second location, needs a line of credit", "equipment loan", "unhappy with their big bank"},
	"m09": {"partner buyout, needs advice", "selling the business in 2 years", "contract dispute with a supplier"},
	"m10": {"grand opening mailers", "needs 5,000 flyers by Friday", "new business cards for 12 staff"},
	"m11": {"wedding in June, 120 guests", "weekly lobby flowers for an office", "funeral arrangements"},
	"m12": {"website is 10 years old", "wants \"something like our competitor's\" site", "online booking for a salon"},
	"m13": {"server died twice this quarter", "ransomware scare, no backups", "office move, needs network setup"},
	"m14": {"back pain after a car accident", "desk job, neck and shoulder pain", "sciatica, tried everything"},
	"m15": {"leak under the slab, urgent", "water heater is 15 years old", "bathroom remodel rough-in"},
	"m16": {"panel upgrade for an EV charger", "old knob-and-tube wiring", "lighting for a new shop"},
	"m17": {"hail damage, insurance claim open", "roof is 25 years old", "leak over the kitchen"},
	"m18": {"wedding in June, 120 guests", "headshots for a law firm", "family portraits this fall"},
	"m19": {"company holiday party", "50th anniversary, wants the works", "retirement party, small budget"},
	"m20": {"hiring 5 people, no handbook", "employee complaint, needs advice", "first HR policies for a startup"},
	"m21": {"new build, needs finishes chosen", "living room refresh before the holidays", "staging a listing"},
	"m22": {"HOA common-area contract", "backyard patio and plantings", "drainage problem in the yard"},
	"m23": {"kitchen remodel after closing", "basement finish", "adding a second-story addition"},
	"m24": {"interior repaint before listing", "exterior, cedar siding", "cabinet refinishing"},
	"m25": {"furnace out, no heat", "AC replacement quote", "heat pump for an addition"},
	"m26": {"moving across town in May", "office relocation, 20 desks", "downsizing parents to a condo"},
	"m27": {"move-out clean before closing", "weekly office cleaning", "post-construction clean"},
	"m28": {"new to the area, needs a family dentist", "cracked tooth, no dentist", "kids' first check-up"},
	"m29": {"gift certificate for a spouse", "marathon recovery", "stress, desk job"},
	"m30": {"training for first marathon", "wants to lose 20 lb before a wedding", "post-rehab strength work"},
	"m31": {"needs help with Instagram", "launching a new product", "no social media at all"},
	"m32": {"payroll for 8 employees", "books two years behind", "switching from a spreadsheet"},
	"m33": {"wedding in June, 120 guests", "company retreat for 40", "50th birthday party"},
	"m34": {"destination wedding, Portugal", "family reunion cruise", "honeymoon in Japan"},
	"m35": {"rebrand, needs new signage, cards & mailers", "trade-show booth banner", "vehicle wraps for 3 vans"},
	"m36": {"group health plan for 15 staff", "life insurance for a new parent", "key-person policy"},
	"m37": {"looking for 3,000 sq ft of retail", "lease renewal, wants options", "buying their building"},
	"m38": {"mice in the garage", "termite inspection for a sale", "restaurant needs monthly service"},
	"m39": {"needs a reliable mechanic, tired of dealerships", "brakes grinding", "fleet of 4 vans"},
	"m40": {"website copy rewrite", "brochure text for a clinic"},
}
