"""Common diminutives and short forms of forenames, written from general knowledge.

A roster lists a legal and a preferred forename, but posts use other short forms
too (Szymek for Szymon, Kuba for Jakub). Keys and values are lower case and
accent-free. A diminutive only counts when no pupil has it as a real name.
"""

from __future__ import annotations

_TABLE = """
abbie:abigail abby:abigail al:alan,alastair,alexander,albert alex:alexander,alexandra,alexa
alfie:alfred ali:alistair,alice,alison andy:andrew ant:anthony,antony archie:archibald
becky:rebecca beth:elizabeth,bethany betty:elizabeth ben:benjamin benji:benjamin
bex:rebecca bill:william billy:william bob:robert bobby:robert cal:callum charlie:charles,charlotte
chris:christopher,christina,christine dan:daniel danny:daniel dave:david davy:david
ed:edward,edmund eddie:edward,edmund ellie:eleanor,elena,ellen eliza:elizabeth
em:emily,emma,emmanuel fred:frederick,alfred freddie:frederick,alfred freddy:frederick,alfred
gabby:gabriella,gabrielle georgie:georgia,georgina gus:angus,augustus harry:henry,harold
izzy:isabel,isabella,isobel issy:isabel,isabella,isobel jack:john jake:jacob jamie:james
jim:james jimmy:james jen:jennifer jenny:jennifer jess:jessica jo:joanna,josephine,joanne
joe:joseph joey:joseph jon:jonathan josh:joshua kate:katherine,catherine,kathryn
katie:katherine,catherine,kathryn kit:christopher,katherine lexi:alexandra,alexis
libby:elizabeth liam:william liz:elizabeth lizzie:elizabeth lizzy:elizabeth lou:louise,louis,louisa
maddie:madison,madeleine,madeline maggie:margaret matt:matthew max:maximilian,maxwell
meg:margaret,megan millie:amelia,millicent milly:amelia,millicent mo:mohammed,muhammad,mohamed
nat:natalie,nathan,natasha ned:edward nick:nicholas nicky:nicholas,nicola olly:oliver
ollie:oliver pat:patrick,patricia pete:peter phil:philip rob:robert robbie:robert
ron:ronald rosie:rose,rosemary sam:samuel,samantha sammy:samuel,samantha sandy:alexander,sandra
seb:sebastian sophie:sophia steve:stephen,steven sue:susan suzy:susan ted:edward
teddy:edward theo:theodore tom:thomas tommy:thomas tony:anthony vicky:victoria will:william
zac:zachary zach:zachary zak:zachary
kuba:jakub szymek:szymon tomek:tomasz bartek:bartlomiej wojtek:wojciech zosia:zofia
kasia:katarzyna basia:barbara gosia:malgorzata ola:aleksandra olek:aleksander
franek:franciszek antek:antoni maciek:maciej piotrek:piotr ania:anna asia:joanna
magda:magdalena ula:urszula jas:jan janek:jan michalek:michal kacperek:kacper staszek:stanislaw
seun:oluwaseun tobi:oluwatobi femi:oluwafemi tomi:oluwatomi dami:damilola bisi:olabisi
kemi:oluwakemi ayo:ayodele,ayomide tunde:babatunde dayo:adedayo
misha:mikhail sasha:alexander,aleksandr,alexandra dima:dmitri pasha:pavel
pepe:jose paco:francisco nacho:ignacio lola:dolores
"""

DIMINUTIVES: dict[str, tuple[str, ...]] = {
    short: tuple(full.split(",")) for short, full in (item.split(":") for item in _TABLE.split())
}
