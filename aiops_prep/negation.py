"""Whether a phrase found in an answer is asserted, or sits in a negated or contrary statement.

This is NegEx (Chapman et al., 2001, "A simple algorithm for identifying negated findings and
diseases in discharge summaries"), extended for how people type answers:

- A pre-negation trigger ("not", "no", "never", "without", "doesn't need", "no longer") negates
  what follows it within WINDOW words; a post-negation trigger ("... doesn't matter", "... is a
  myth", "... isn't needed", "... is not really a thing") negates what comes just before it.
- A scope ends at punctuation and at words that start another clause ("but", "however").
- Pseudo-triggers look like negations and are not: "not only", "no matter", "not all".
- Two negations in one scope cancel ("you can't do it without X", "X can't be ignored").
- A conditional clause asserts nothing ("if you ignore seasonality, ...", "without drift
  detection, the model rots"), so it negates nothing either.
"""

from __future__ import annotations

from typing import NamedTuple

from aiops_prep.text import Spans

WINDOW = 6  # words a pre-negation reaches past itself (NegEx: five or six)
POST_GAP = 3  # words allowed between a phrase and the predicate that negates it

_CONTRACTED = "isn aren wasn weren doesn don didn won wouldn shouldn can couldn haven hasn hadn"
_CONTRACTED += " needn ain mustn"
NEGATORS = frozenset(
    "not no never none neither nor cannot rarely seldom hardly barely nobody nothing".split()
    + [w + "t" for w in _CONTRACTED.split()]  # typed without the apostrophe: "isnt", "dont"
)
CONTRACTED = frozenset(_CONTRACTED.split())  # "isn't" is the words "isn" and "t"
PRE_ONLY = frozenset({"without", "lack", "lacks", "lacking"})
# Advice to drop something, when given ("just skip X", "you can ignore X", "Forget X."), not
# reported ("he wanted to skip X"), nor a gerund ("ignoring X causes ...").
DISMISS = frozenset({"ignore", "skip", "forget", "drop"})
ADVISING = frozenset("can could should just simply safely we you i d ll would will".split())

# Look like negations, negate nothing: "not only X but Y", "no matter what", "not all spikes".
PSEUDO = tuple(
    tuple(p.split())
    for p in """not only|not just|not merely|not simply|no matter|no doubt|not necessarily|
    nothing but|not least|if not|or not|not to mention|no wonder|not always|not all|not every|
    not everything|without a doubt|without doubt|without question|not sure|no later than|
    not until|not yet|no more than|not limited to""".replace("\n", "").split("|")
)

# A wrong claim is only made when it is asserted outright: one the answer contrasts with
# ("rather than a random split"), advises against ("avoid big-bang migrations"), or limits
# ("not everything needs to be real time") is not made.
CONTRAST = tuple(
    tuple(p.split())
    for p in "rather than|instead of|unlike|as opposed to|avoid|avoids|avoiding|against".split("|")
)
LIMITING = frozenset(
    tuple(p.split())
    for p in "not all|not every|not everything|not always|not necessarily|not just".split("|")
)

# Another's view, reported: what follows is not the candidate's claim.
REPORTING: frozenset[str | tuple[str, ...]] = frozenset(
    ["misconception", "myth", "naive", "tempting", "assume", "assumes", "misconceptions"]
    + [
        tuple(p.split())
        for p in """people think|people assume|people believe|many think|many believe|
        some say|some think|others think|they think|common mistake|often think|wrongly think|
        teams think|folks think|juniors think""".replace("\n", "").split("|")
    ]
)

PSEUDO_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
PSEUDO_BY_PAIR: dict[tuple[str, str], list[tuple[str, ...]]] = {}  # by their first two words
for _phrase in PSEUDO:
    PSEUDO_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
    PSEUDO_BY_PAIR.setdefault((_phrase[0], _phrase[1]), []).append(_phrase)

TRIGGER_WORDS = NEGATORS | CONTRACTED | PRE_ONLY | DISMISS | PSEUDO_BY_FIRST.keys()

# Start a new clause, so a negation before them does not reach past them.
TERMINATORS = frozenset(
    """but however although though yet except whereas which while because since so then
    otherwise instead still unlike whereby unless""".split()
)
HYPOTHETICAL = frozenset("if unless whether when whenever otherwise suppose".split())
BOUNDARY = frozenset(".;:!?\n()[]{}|,")

# After a phrase: "X doesn't matter", "X is not a problem", "X isn't needed", "X never happens".
IMPORTANCE = frozenset(
    """matter matters issue issues problem problems concern concerns thing things real needed
    necessary required important relevant exist exists happen happens apply applies worth cost
    costs deal factor significant big help helps possible feasible practical useful helpful
    viable realistic computed applied trusted done used""".split()
)
# Negative on their own: "X is a myth", "X can be ignored", "X is overkill".
CONTRARY = frozenset(
    """myth myths overrated overkill unnecessary irrelevant negligible pointless useless optional
    ignorable nonissue waste ignored skipped overblown exaggerated nonsense unimportant unneeded
    needless moot redundant impossible harmful unhelpful worthless wasteful overengineering
    overengineered hype buzzword harmless benign trivial""".split()
)
VERBS = frozenset(
    "is are was were be been s do does did will would should can could may might has have".split()
)
SOFTENERS = frozenset(
    """really actually usually even just generally basically honestly typically often mostly
    simply truly that much all so very ever a an the any of at by""".split()
)


class Negation(NamedTuple):
    start: int  # first and last word of the trigger
    end: int
    # "negation"; with strict, also "contrast" ("rather than X"), "limit" ("not all X"),
    # "supposition" ("if X") and "reported" ("people think X")
    kind: str = "negation"


class Scopes:
    """One answer's clauses and negation triggers, read only around the phrases asked about
    (a long answer costs in proportion to what matched in it, not to its length)."""

    def __init__(self, text: str, spans: Spans, words: list[str] | None = None) -> None:
        self.text, self.spans = text, spans
        self.words = [w for w, _, _ in spans] if words is None else words  # as typed
        self._starts: dict[int, bool] = {}
        self._found: dict[tuple[int, int, frozenset[str], bool], Negation | None] = {}

    def negation(
        self, lo: int, hi: int, own: frozenset[str] = frozenset(), strict: bool = False
    ) -> Negation | None:
        """The trigger that negates the words lo..hi, or None when they are asserted.

        `own` are the phrase's own words: a negation among them is its meaning ("no labels
        needed"), while any other between them denies it ("supervised does not need labels").
        `strict` also takes contrast, advice against and limits as denials (CONTRAST,
        LIMITING): what a wrong claim needs before it counts as made.
        """
        key = (lo, hi, own, strict)
        if key not in self._found:
            self._found[key] = self._negation(lo, hi, own, strict)
        return self._found[key]

    def _negation(self, lo: int, hi: int, own: frozenset[str], strict: bool) -> Negation | None:
        first = self._clause_start(lo)
        cue = next((i for i in range(first, lo) if self.words[i] in HYPOTHETICAL), None)
        if cue is not None:  # a supposition asserts nothing: neither the point nor its denial
            return Negation(cue, cue, "supposition") if strict else None
        if strict:  # "people think X", "a common misconception is X": X is not the answer's
            for i in range(first, lo):
                if self.words[i] in REPORTING or tuple(self.words[i : i + 2]) in REPORTING:
                    return Negation(i, i, "reported")
        if self.words[first] == "without" and first < lo:  # "without X, Y": an argument for X
            return None
        found = [
            t
            for t in self._triggers(max(first, lo - WINDOW - 1), hi, strict)
            if t.end < lo or (lo < t.start and t.end < hi and self.words[t.start] not in own)
        ]
        post = self._post_trigger(hi)
        found += [post] if post else []
        return found[0] if len(found) % 2 else None

    def denies_any(self, lo: int, hi: int) -> bool:
        """Whether words lo..hi hold any denial at all: a trigger (strict: contrasts and limits
        too) or a contrary word ("myth", "overkill"). Used where no phrase is known, to
        keep a whole sentence from counting."""
        if self._triggers(lo, hi + 1, strict=True):
            return True
        return any(w in CONTRARY for w in self.words[lo : hi + 1])

    def _starts_clause(self, i: int) -> bool:
        """Whether word i opens a clause: after punctuation, or a word like "but"."""
        known = self._starts.get(i)
        if known is None:
            if i == 0:
                known = True
            else:
                gap = self.text[self.spans[i - 1][2] : self.spans[i][1]]
                known = (
                    any(c in BOUNDARY for c in gap)
                    or " - " in gap
                    or "\u2014" in gap
                    or self.words[i] in TERMINATORS
                )
            self._starts[i] = known
        return known

    def _clause_start(self, i: int) -> int:
        while not self._starts_clause(i):
            i -= 1
        return i

    def _after_comma(self, i: int) -> bool:
        return i > 0 and "," in self.text[self.spans[i - 1][2] : self.spans[i][1]]

    def _triggers(self, start: int, stop: int, strict: bool = False) -> list[Negation]:
        """Pre-negation triggers that begin in words start..stop-1, pseudo-triggers skipped."""
        words, found, i = self.words, [], start
        while i < stop:
            word = words[i]
            if strict:
                contrast = next((p for p in CONTRAST if tuple(words[i : i + len(p)]) == p), None)
                if contrast or tuple(words[i : i + 2]) in LIMITING:
                    size = len(contrast) if contrast else 1  # "not" limits the word after it
                    found.append(Negation(i, i + size - 1, "contrast" if contrast else "limit"))
                    i += size
                    continue
                if word == "not" and self._after_comma(i):  # "X, not Y"
                    found.append(Negation(i, i, "contrast"))
                    i += 1
                    continue
            if word not in TRIGGER_WORDS:
                i += 1
                continue
            pseudo = self._pseudo(i)
            if pseudo:
                i += pseudo
                continue
            if word in CONTRACTED and words[i + 1 : i + 2] == ["t"]:
                found.append(Negation(i, i + 1))
                i += 2
                continue
            # "uses learned baselines, not static rules": a contrast, not a denial
            if word in NEGATORS and not (word == "not" and self._after_comma(i)):
                found.append(Negation(i, i + 1 if words[i + 1 : i + 2] == ["longer"] else i))
            elif word in PRE_ONLY or (
                word in DISMISS and (self._starts_clause(i) or words[i - 1] in ADVISING)
            ):
                found.append(Negation(i, i))
            i += 1
        return found

    def _pseudo(self, i: int) -> int:
        """The length of the pseudo-trigger at word i ("not only"), or 0; "whether or not" is
        one too when i is its "not"."""
        words = self.words
        for back in range(min(3, i + 1)):
            start = i - back
            for phrase in PSEUDO_BY_PAIR.get(tuple(words[start : start + 2]), ()):  # type: ignore[arg-type]
                if len(phrase) > back and tuple(words[start : start + len(phrase)]) == phrase:
                    return len(phrase) - back
        return 0

    def _post_trigger(self, hi: int) -> Negation | None:
        """A predicate right after the phrase that denies it: "X doesn't matter"."""
        for start in range(hi + 1, min(len(self.words), hi + 2 + POST_GAP)):
            if self._starts_clause(start):
                return None
            if self.words[start] in VERBS or self._is_negator(start):
                return self._predicate(start)
        return None

    def _predicate(self, start: int) -> Negation | None:
        words, negations, i = self.words, 0, start
        while i < len(words) and i - start < 8 and (i == start or not self._starts_clause(i)):
            word = words[i]
            if self._is_negator(i):
                negations += 1
            elif word in CONTRARY or (word == "too" and i + 1 < len(words) and i > start):
                negations += 1  # "X is too risky to ...": contrary, like "X is overkill"
                break
            elif word in IMPORTANCE:
                break
            elif word not in VERBS and word not in SOFTENERS and word != "t":
                return None
            i += 1
        else:
            return None
        denied = words[i] in CONTRARY or words[i] == "too" or (words[i] in IMPORTANCE and negations)
        return Negation(start, i) if denied and negations % 2 else None

    def _is_negator(self, i: int) -> bool:
        word = self.words[i]
        if word in NEGATORS:
            return True
        return word == "t" and i > 0 and self.words[i - 1] in CONTRACTED


# Antonyms of the gradable words that claims turn on: "labels are cheap" denies "labels are
# expensive", "drift is rare" denies "drift is common". Each line is a pair (or a word and
# its opposites); a word of several senses is left out rather than guessed.
_ANTONYMS = """
scarce plentiful abundant | expensive cheap inexpensive | costly cheap | hard easy trivial |
difficult easy trivial | rare common frequent | slow fast quick | high low | stable unstable |
static dynamic adaptive | manual automatic automated | reactive proactive predictive |
necessary unnecessary optional | required optional unnecessary | essential optional |
important unimportant irrelevant | risky safe | dangerous safe | unsafe safe |
accurate inaccurate | reliable unreliable | noisy clean quiet | complex simple |
many few | more less fewer | increase decrease reduce | increases decreases reduces |
early late | before after | stale fresh | biased unbiased | limited unlimited |
gradual sudden abrupt | gradually suddenly | incremental wholesale | isolated shared |
private public | secure insecure | bounded unbounded | explicit implicit | visible invisible |
"""
ANTONYMS: dict[str, frozenset[str]] = {}
for _line in _ANTONYMS.replace("\n", " ").split("|"):
    _words = _line.split()
    if _words:
        _first, _others = _words[0], _words[1:]
        ANTONYMS.setdefault(_first, frozenset())
        ANTONYMS[_first] |= frozenset(_others)
        for _other in _others:
            ANTONYMS[_other] = ANTONYMS.get(_other, frozenset()) | {_first}
