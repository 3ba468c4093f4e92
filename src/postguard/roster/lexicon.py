"""General-English word lists for telling names from ordinary words and other people.

Written by hand from general knowledge: no roster or evaluation data. All
entries are lower case and accent-free (compare with folded text).
"""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Ordinary English words, weighted towards the ones that are also forenames or
# surnames (virtues, seasons, months, plants, gems, colours, weather, trades,
# ranks) and the everyday words of school posts.
COMMON_WORDS = _words(
    """
    a about above across act after again against age ago ahead all almost alone along already
    also always am amazing among an and angel another any anything apple april are area around
    art as ask at august autumn away back bad bake baker band bank bar base basil bay be bear
    beat beautiful because bed been before began begin being bell below berry best better
    between big bill birch bird birthday bishop bit black bless bliss blossom blue board boat
    body bold bonnie book born both box boy brave bread break bridge bright bring brook brother
    brown buck bud buddy build bunny burn bush busy but butler buy by cake call calm came camp
    can candy cannon card care carol carter case cash castle cat catch cause centre chair
    chance chancellor change chapel charity charm chase cheer cherry chief child children chip
    christian christmas church city claim class clay clear clever cliff close cloud club coach
    coast cold collier colour come cook cool cooper copper coral cotton could council
    count country course court cove cover crane crew cricket cross crown crystal cup cure dad
    daisy dale dance dandy dark dash date dawn day dean dear december deep dell destiny did
    diamond do doctor does dog done door dot dove down draw dream drew drink drive drum duke
    dusty each eagle earl early earnest earth east easter easy eat echo edge eight eleven
    elm else ember emerald end english enough even evening ever every eve fair faith
    fall family far farm farmer fast father fawn february fell fern few field fields fight
    final find fine finch fire first fish fisher five flame fleet flint flora flower fly follow
    for forest forever form forward four fox frank free french friday friend frost fry full
    fuller fun further game garden gardener gay gem gene general gentle get gift ginger girl
    give glad glen glory go gold golden good got grace grand grant gray great green grey grove
    guard guy had hall happy harbour hardy harmony harvest has have hawk hay hazel he
    head hear heart heath heather help her here hero high hill him his history hold holly home
    honey honour hood hope hot house how hunt hunter i ice if in india iris irish island it
    its ivy jack jade january jasmine jay jewel jolly journey joy judge july june jupiter just
    justice keen keep kid kind king knight know lake lamb land lane large last late lawn lead
    learn least leave left let level liberty light like lily line lion little live lock long
    look lord lot love loyal lucky made main major make man many march mark marsh marshal mason
    master match may me meadow melody mercy merry might mild mill miller mills mint misty monday
    moon more morning moss most mother move much music must my name navy near need never new
    news next nice night nine no noble north not note nothing november now oak ocean october
    of off often oil old olive on once one only open opal or orange other our out over own page
    palmer park parker part pass patience peace peach pearl pepper person pike pine
    pink piper place plain play player pole pool poppy porter post potter potters power prairie
    present price pride prince princess prudence put queen quest rain ranger rapid raven ray
    read ready real red reed reign rich ride right ring rise river rivers road robin rock rocky
    rod roman rose rosemary round rowan royal ruby rush rusty sage said sail saint same sandy
    sapphire saturday saw say school sea season second see self serenity set seven shadow
    shall she shepherd shore short should show side silver sing sir sister six sky slate small
    smith snow so some son song soon sound south spark sparrow speed spring squire stage star
    start stay steel sterling still stone storm story strong such sue summer sun sunday sunny
    sunshine sure swan sweet table take talk tall tea team tell ten than thank that the their
    them then there these they thing think this those thunder thursday tide time to today
    together tom top tower town trade tree true trust try tuesday turner twelve two under unity
    until up upon us use valley very victor victory violet wade walker wall want ward warm was
    water way we wednesday week well were west what when where which while white who why wild
    will willow win wind winter wise with wolf wood woods word work world would wren write
    year yes yet you young your
    """
)

# Everyday vocabulary of posts and comments (adverbs, adjectives, verbs, nouns): some odd
# registered forenames are ordinary words too ("Really", "Marvel", "Legend").
COMMON_WORDS = COMMON_WORDS | _words(
    """
    able absolutely accept action active actually add admission advice afternoon agree aim
    alert allow almost amazing anyway appeal apply arrive arts ask assembly attend aware
    awesome baby bag ball bank bars basket battle beach beauty become begin behind believe
    belong beyond bike bill bless blessed bloom bonus boss bottle bound bounty brain branch
    brand brill brilliant bring broad brave brief brilliance bubble buzz cafe calendar camera
    captain career careful carry castle celebrate centre champion chapter charge cheers chef
    choice choir chorus circle civic classic clean climb clock coast coffee colour comic
    common complete concert congrats congratulations contact control cool copy corner cosy
    costume cottage courage craft crazy cream create credit crew crisp crystal cuddle culture
    curious current cute daily dancer darling data dazzle deal decent delight desire detail
    dinner direct discover divine dolly double dream dress drive duty eager easy echo eid
    elite energy enjoy enter epic equal escape event ever exam excellent exciting expert extra
    fab fabulous fact fair fame famous fancy fantastic fashion favourite feather feature feel
    fiesta finale finish flash flight float focus folk forever fortune fresh friday frosty fudge
    funny future gala gallant galaxy giant glow goal gorgeous grade grateful great guest guide
    guru happily harbour hearty heavenly hello hey hi holiday honest hoop hug huge humble idea
    imagine impact indeed infinity inspire jazz jelly jolly jumbo junior karma keeper kindly
    kingdom kiss knight label lady larger laugh leader legacy legend lemon lesson letter lively
    local lovely lucky lunch magic majesty maker marvellous mate maybe medal member mercy
    merit message mighty mini miss mission modern moment mubarak nature neat nice noble
    normal novel number office okay orbit original paradise party patch perfect pilot pixel
    planet please plenty pledge plus poem polite posh prime prize promise proud pure puzzle
    quick quiet quite rainbow rally rapid rare really reason recent record reign relax remember
    rescue rest result rhythm ribbon riddle rocket romance rookie rosy safe safety salute
    scholar science score season secret senior sense serious settle shine shiny simple simply
    sincere sister skip smart smile smooth soft solo sorry spirit splendid sport sporty stable
    stellar stunning style sublime sugar super superb supreme surely surprise sweetie swift
    talent task teach teacher tender thanks thunder tiny titan total tough treat trendy trophy
    truly trusty twinkle ultimate unique unity urgent usual valiant value velvet very vintage
    vision visit vital vivid voice wander warrior welcome whisper winner wish wonder wonderful
    worth wow yay yeah yummy zeal zest zone
    """
)

# Works, characters and titles that are also forenames: ordinary words here.
COMMON_WORDS = COMMON_WORDS | _words(
    """
    matilda gruffalo elsa paddington pinocchio cinderella aladdin rapunzel mulan moana shrek
    frozen wonka willy noel gabriel
    """
)

# More ordinary words that are also given names (English, and Nigerian virtue names).
COMMON_WORDS = COMMON_WORDS | _words(
    """
    amber trinity pat rob nick max don bob teddy baron archer ash ace miles bear cookie sugar
    precious blessing favour goodness wisdom comfort praise promise miracle treasure success
    marvel divine felicity verity aurora cash heaven memory legend royalty saint
    """
)

# Seasons, months and days: "Summer's here" is not a pupil called Summer.
TIME_WORDS = _words(
    """
    spring summer autumn winter january february march april may june july august september
    october november december monday tuesday wednesday thursday friday saturday sunday
    """
)

# Capitalised words before a name that make it a place: "River Trent", "Mount Snowdon".
PLACE_PREFIX = _words("river lake loch mount mt port fort cape glen isle bay saint st")

# Places and businesses whose names are also surnames or forenames (UK towns, countries,
# universities, football clubs, shops): "off to Lincoln", "a coffee from Costa".
PLACES_AND_BRANDS = _words(
    """
    aberdeen arsenal bangor barnet bath bedford belfast beverley blackburn bolton boston
    bradford brighton bristol britain bromley burnley burton bury buxton cambridge canada
    cardiff carlisle chelsea chester chichester china cork crawley crewe cromer croydon
    deal derby derry devon dover dublin dundee durham edinburgh ely england everton exeter
    florence france fulham galway germany glasgow gloucester goole grantham grimsby halifax
    harrogate hastings huddersfield hull india inverness ipswich ireland israel italy jordan
    kendal kent kingston lancaster leeds leicester lincoln limerick london lowestoft luton
    mansfield newark newport norwich nottingham oldham oxford paris penzance perth plymouth
    poland portsmouth preston richmond ripon rochdale salisbury scarborough scotland selby
    sheffield skegness southampton spain stafford stirling stoke sutton swansea sydney taunton
    torquay truro wales warwick wells whitby wigan wimbledon winchester worcester worthing
    wrexham york
    boots greggs tesco sainsbury sainsburys morrisons asda lidl aldi costa argos currys primark
    specsavers halfords dyson cadbury heinz kellogg ford ferrari nike adidas barclays lloyds
    santander nationwide selfridges harrods disney pixar nintendo lego sony samsung google
    microsoft amazon netflix waitrose iceland mcdonalds nando nandos subway starbucks
    """
)

# Honorifics and ranks: the capitalised words after one belong to an adult, not a pupil.
TITLES = _words(
    """
    mr mrs miss ms mx dr prof professor rev revd reverend cllr councillor sir dame lord lady st
    saint king queen prince princess duke duchess fr father sister pastor imam rabbi canon
    bishop judge mayor coach captain sgt pc officer inspector detective president
    """
)

# Words right before a forename that make it a part in a play: "played Mary", "as Joseph".
CHARACTER_BEFORE = _words("as played playing plays starring")

# Words that, written just before a forename, say the person is not a pupil.
ROLE_WORDS = _words(
    """
    mum mom mummy mother dad daddy father stepdad stepmum stepfather stepmother grandad
    granddad grandpa grandma granny gran nan nana nanna nanny grandmother grandfather aunt
    auntie aunty uncle carer parent baby governor teacher headteacher head lady gentleman man
    woman author writer speaker guest visitor mayor councillor chair husband wife partner
    colleague volunteer caretaker dog cat hamster pet puppy kitten rabbit tortoise pony horse
    poet composer presenter candidate
    """
)

FAMILY_WORDS = _words(
    "family families twins twin triplets siblings brothers sisters household clan kids children"
)

# Capitalised words that may stand right before a name without being part of it.
INTRO_WORDS = _words(
    """
    congratulations congrats welcome thanks thank dear hi hello hey go well done happy birthday
    bravo love meet introducing and from pictured with to by for shout out big huge massive
    special mention winner winners champion captain narrator girl boy prefect student pupil
    award star baker chef player reader writer artist scientist mathematician
    """
)

DETERMINERS = _words(
    "the a an this that these those our your their his her my its every each some any no what which"
)

# Words after a forename that name a class or year rather than a surname.
SCHOOL_WORDS = _words("year yr y reception class form nursery sixth house group set team")

# Pairs of famous, biblical or fictional people: "Mary and Joseph" in a nativity.
FAMOUS_PAIRS = frozenset(
    tuple(p.split("+"))
    for p in """
    mary+joseph adam+eve romeo+juliet jack+jill hansel+gretel tom+jerry wallace+gromit
    peter+jane bonnie+clyde antony+cleopatra william+kate harry+meghan charles+camilla
    ant+dec bill+ben david+goliath cain+abel
    """.split()
)

# Words right after a forename that say it names a person: "Teddy who ...".
PERSON_AFTER = _words("who whose")

# Words after "X and"/"X &" that make a business name: "Price & Sons".
COMPANY_WORDS = _words("sons son co company daughters partners ltd limited")


def is_common(key: str) -> bool:
    """Every word of the folded phrase ``key`` is an ordinary English word."""
    return key in COMMON_WORDS or all(w in COMMON_WORDS for w in key.split(" "))


# Characters of texts commonly studied in UK schools: when a post names the work, these
# forenames are the characters ("was George right?" about Of Mice and Men).
SET_TEXTS: dict[str, frozenset[str]] = {
    title: frozenset(names.split())
    for title, names in (
        ("of mice and men", "george lennie curley slim candy crooks carlson whit"),
        ("an inspector calls", "arthur sybil sheila eric gerald eva daisy edna"),
        ("a christmas carol", "ebenezer scrooge jacob marley bob cratchit tim fred belle fan"),
        ("romeo and juliet", "romeo juliet tybalt mercutio benvolio paris lawrence"),
        ("macbeth", "duncan banquo macduff malcolm fleance ross lennox"),
        ("jekyll and hyde", "henry edward gabriel utterson hastings lanyon richard poole"),
        ("blood brothers", "mickey eddie linda sammy donna"),
        ("lord of the flies", "ralph piggy jack simon roger maurice percival sam eric"),
        ("animal farm", "napoleon snowball boxer squealer benjamin clover mollie"),
        ("the tempest", "prospero miranda ariel caliban ferdinand antonio alonso"),
        ("pride and prejudice", "elizabeth jane lydia kitty mary charles fitzwilliam"),
        ("great expectations", "pip estella joe abel herbert"),
        ("jane eyre", "jane edward helen adele blanche bertha"),
        ("frankenstein", "victor elizabeth henry justine william"),
        ("the hunger games", "katniss peeta gale primrose haymitch effie"),
    )
}
