"""Tables of the case store. Times are aware UTC; `date` columns are Dutch calendar dates.

Personal data (BSN, naam, geboortedatum) lives only in `Deelnemer`; everything else refers
to a traject by id or by its public reference.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


class Teller(SQLModel, table=True):
    """Sequence per year for the public reference IJW-<jaar>-<nnnnnn>."""

    jaar: int = Field(primary_key=True)
    laatste: int = 0


class Deelnemer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    bsn: str = Field(max_length=9, unique=True)
    naam: str = Field(max_length=200)
    geboortedatum: date
    aangemaakt_op: datetime
    # Correspondence address for letters to the deelnemer (a beschikking); set by a CLI command only.
    adres: str | None = Field(default=None, max_length=200)
    postcode: str | None = Field(default=None, max_length=7)
    woonplaats: str | None = Field(default=None, max_length=80)


class Traject(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    referentie: str = Field(max_length=20, unique=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    # The BSN while the traject is open, NULL after: a unique index makes the database
    # itself refuse a second open traject for one person, also under concurrent requests.
    open_bsn: str | None = Field(default=None, max_length=9, unique=True)
    gemeente: str = Field(max_length=20, index=True)
    status: str = Field(max_length=40, index=True)
    route: str | None = Field(default=None, max_length=40)
    werkcoach_email: str = Field(max_length=200)
    aangemeld_op: date
    # Receipt of the uitkeringsaanvraag by the gemeente (Awb 4:13 counts from it); NULL while
    # unknown. Reported by the gemeente or entered with the brede-intake outcome.
    aanvraag_op: date | None = None
    intake_moment: datetime | None = None  # stored in UTC; shown in Europe/Amsterdam
    zaak_url: str | None = Field(default=None, max_length=500)
    # The re-integratietraject (domain/fasen.py): current fase (NULL before the start and after
    # uitstroom), participatieladder trede (secondary), parttime werk, the uitstroom outcome.
    fase: str | None = Field(default=None, max_length=40, index=True)
    trede: int | None = None
    deels_uitgestroomd_op: date | None = None
    uitstroom: str | None = Field(default=None, max_length=40)
    versie: int = 0
    aangemaakt_op: datetime
    gewijzigd_op: datetime


class GebeurtenisImport(SQLModel, table=True):
    """One imported file of historical events (`werkpad import gebeurtenissen`); its sha256 makes a
    second import of the same file a refusal instead of a double count."""

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, unique=True)
    bestandsnaam: str = Field(max_length=200)
    regels: int
    door: str = Field(max_length=200)
    op: datetime


class StapUitvoering(SQLModel, table=True):
    """One step run's idempotency key (casestore/stapsleutel.py), written as the first statement of the step's
    transaction: a second run with the same key finds it and does nothing; `uitkomst` is the first run's outcome
    (the Dutch summary and the step's values, never personal data), reported to the second."""

    __tablename__ = "stap_uitvoering"
    __table_args__ = (UniqueConstraint("sleutel", name="uq_stap_uitvoering_sleutel"),)

    id: int | None = Field(default=None, primary_key=True)
    sleutel: str = Field(max_length=200)
    stap: str = Field(max_length=100)
    aangemaakt_op: datetime
    uitkomst: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class AuditEvent(SQLModel, table=True):
    __table_args__ = (Index("ix_auditevent_gebeurtenis_op", "gebeurtenis", "op"),
                      Index("ix_auditevent_gebeurtenis_datum", "gebeurtenis", "datum"),
                      # covers every report query (casestore/kwartaal.py): answered from the index alone
                      Index("ix_auditevent_rapport", "gebeurtenis", "datum", "waarde", "fase", "gemeente"))

    id: int | None = Field(default=None, primary_key=True)
    # NULL only for imported history (the traject lived before werkpad): then `referentie` names it.
    traject_id: int | None = Field(default=None, foreign_key="traject.id", index=True)
    op: datetime
    actor: str = Field(max_length=200)
    soort: str = Field(max_length=60)
    omschrijving: str = Field(max_length=500)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The event vocabulary for reports: a typed name from the process's domain module
    # ("brede_intake.afgerond"), with the process and the gemeente, so counts per gemeente,
    # period, process and outcome are one query.
    proces: str | None = Field(default=None, max_length=40)
    gemeente: str | None = Field(default=None, max_length=20)
    gebeurtenis: str | None = Field(default=None, max_length=80)
    # The report columns (domain/rapport.py): the traject's public reference, the Amsterdam
    # calendar day of `op`, and for report events the value counted (intake outcome, beschikking
    # type, fase entered, uitstroom outcome) and the fase left or ended in.
    referentie: str | None = Field(default=None, max_length=40, index=True)
    datum: date | None = None
    waarde: str | None = Field(default=None, max_length=40)
    fase: str | None = Field(default=None, max_length=60)
    import_id: int | None = Field(default=None, foreign_key="gebeurtenisimport.id")


class ProcesStap(SQLModel, table=True):
    """One instance of a process (brede intake, uitkering gate, tijdelijk oponthoud…) in a traject.

    Several run side by side; each moves through its own process's table of transitions
    (domain/<proces>.py), guarded by `versie`. `open_sleutel` is '<traject>:<proces>' while the
    instance is open and NULL after, so the database refuses a second open instance of a process.
    """

    __table_args__ = (Index("ix_processtap_proces_status", "proces", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    traject_id: int = Field(foreign_key="traject.id", index=True)
    proces: str = Field(max_length=40)
    status: str = Field(max_length=40)
    versie: int = 0
    open_sleutel: str | None = Field(default=None, max_length=80, unique=True)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    geopend_op: datetime
    gesloten_op: datetime | None = None


class Deadline(SQLModel, table=True):
    __table_args__ = (Index("ix_deadline_next_reminder_at", "next_reminder_at"),)

    id: int | None = Field(default=None, primary_key=True)
    traject_id: int = Field(foreign_key="traject.id", index=True)
    soort: str = Field(max_length=60)
    omschrijving: str = Field(max_length=200)
    due: date
    grondslag: str = Field(max_length=200)
    beleid: str = Field(max_length=40, default="standaard")
    eigenaar_email: str = Field(max_length=200)
    escalatie_email: str = Field(max_length=200)
    # open | afgerond | vervallen | verstreken (a waiting term that ended by itself)
    status: str = Field(max_length=20, default="open")
    stap_index: int = 0
    next_reminder_at: datetime | None = None  # NULL when nothing is left to send
    aangemaakt_op: datetime
    code: str | None = Field(default=None, max_length=80)  # stable, e.g. "brede_intake.uitkomst"
    proces_stap_id: int | None = Field(default=None, foreign_key="processtap.id", index=True)
    # A waking timer: when the term has passed the sweep starts this deployment for the traject.
    wekt: str | None = Field(default=None, max_length=120)


class Taak(SQLModel, table=True):
    """A staff task (StaffTask): who must do what, by when. Its due date is a Deadline."""

    __table_args__ = (Index("ix_taak_eigenaar_status", "eigenaar_email", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    traject_id: int = Field(foreign_key="traject.id", index=True)
    deadline_id: int = Field(foreign_key="deadline.id")
    titel: str = Field(max_length=200)
    eigenaar_email: str = Field(max_length=200)
    status: str = Field(max_length=20, default="open")  # open | afgerond | vervallen
    aangemaakt_op: datetime
    afgerond_op: datetime | None = None
    code: str | None = Field(default=None, max_length=80)  # stable, e.g. "brede_intake.voorbereiden"
    proces_stap_id: int | None = Field(default=None, foreign_key="processtap.id", index=True)


class Outbox(SQLModel, table=True):
    """A side effect to perform (email, partner call), written with the transition itself.

    The payload holds references only; the sender looks data up when it sends.
    """

    __table_args__ = (
        UniqueConstraint("idem_key", name="uq_outbox_idem_key"),
        Index("ix_outbox_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    idem_key: str = Field(max_length=200)
    soort: str = Field(max_length=20)  # email | zgw
    traject_id: int | None = Field(default=None, foreign_key="traject.id", index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(max_length=20, default="pending")  # pending | sending | sent | failed
    pogingen: int = 0
    geclaimd_op: datetime | None = None
    verstuurd_op: datetime | None = None
    extern_kenmerk: str | None = Field(default=None, max_length=500)
    laatste_fout: str | None = Field(default=None, max_length=1000)
    aangemaakt_op: datetime


class Doel(SQLModel, table=True):
    """A goal of the traject's trajectplan (domain/trajectplan.py): open | behaald | vervallen."""

    id: int | None = Field(default=None, primary_key=True)
    traject_id: int = Field(foreign_key="traject.id", index=True)
    omschrijving: str = Field(max_length=200)
    status: str = Field(max_length=20, default="open")
    aangemaakt_op: datetime
    gesloten_op: datetime | None = None


class Actie(SQLModel, table=True):
    """An action of the trajectplan (soort `actie`, under a goal) or a referral to a voorliggende
    voorziening (soort `verwijzing`, goal optional): open | gedaan | vervallen. While open it is the
    owner's task `taak_id` (due `uiterlijk`; a referral's follow-up date)."""

    id: int | None = Field(default=None, primary_key=True)
    traject_id: int = Field(foreign_key="traject.id", index=True)
    doel_id: int | None = Field(default=None, foreign_key="doel.id", index=True)
    soort: str = Field(max_length=20, default="actie")
    omschrijving: str = Field(max_length=200)
    eigenaar_email: str = Field(max_length=200)
    uiterlijk: date
    status: str = Field(max_length=20, default="open")
    taak_id: int | None = Field(default=None, foreign_key="taak.id")
    voorziening: str | None = Field(default=None, max_length=40)
    instelling: str | None = Field(default=None, max_length=100)
    verwezen_op: date | None = None
    toelichting: str | None = Field(default=None, max_length=200)
    aangemaakt_op: datetime
    gesloten_op: datetime | None = None


class Maatregel(SQLModel, table=True):
    """One maatregelonderzoek and its beschikking (domain/maatregel.py). The process instance
    (`proces_stap_id`) carries the status; this row carries what reports and recidive need: the
    gedraging, the outcome, who proposed and who approved, and the dates of the beschikking."""

    id: int | None = Field(default=None, primary_key=True)
    traject_id: int = Field(foreign_key="traject.id", index=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)  # recidive holds for the person
    proces_stap_id: int = Field(foreign_key="processtap.id", index=True)
    gemeente: str = Field(max_length=20, index=True)
    gedraging: str = Field(max_length=40)
    verzuim_op: date
    feiten: str = Field(max_length=1000)  # what happened and the evidence
    gemeld_op: datetime
    gemeld_door: str = Field(max_length=200)
    gesprek_op: datetime | None = None
    reageren_uiterlijk: date | None = None
    toelichting: str | None = Field(default=None, max_length=1000)
    toelichting_ontvangen: bool | None = None  # None: horen not finished; False: none in time
    verwijtbaar: bool | None = None
    dringende_redenen: str | None = Field(default=None, max_length=1000)
    regel_versie: date | None = None  # geldig_vanaf of the verordening version applied
    recidive_groep: str | None = Field(default=None, max_length=40)
    recidive_stap: int | None = None
    type: str | None = Field(default=None, max_length=20, index=True)  # BeschikkingType
    percentage: int | None = None
    maanden: int | None = None
    gematigd_van: str | None = Field(default=None, max_length=20)
    grondslagen: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    voorgesteld_door: str | None = Field(default=None, max_length=200)
    voorgesteld_op: datetime | None = None
    goedgekeurd_door: str | None = Field(default=None, max_length=200)
    besluit_datum: date | None = Field(default=None, index=True)
    verzenddatum: date | None = None
    bezwaar_uiterlijk: date | None = None
    heroverweging_uiterlijk: date | None = None
    besluit_identificatie: str | None = Field(default=None, max_length=50)
    kortingsmaanden: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # actief | herroepen (bezwaar gegrond) | herzien (inkeer, heroverweging): reports and recidive read it.
    status: str = Field(max_length=20, default="actief")
    # The maatregelonderzoek's own zaak at the gemeente (zaaktype IJW-MAATREGEL, related to the traject's
    # zaak): its besluiten may follow after the traject's zaak closed. Closed when its last term passed.
    zaak_url: str | None = Field(default=None, max_length=500)
    zaak_afgesloten_op: datetime | None = None  # the close was queued (resultaat, then eindstatus)
    # 0: the onderzoek's zaak; n: the n-th follow-up zaak, made when a bezwaar or herziening came in after
    # the zaak closed (a closed zaak takes no writes without zaken.heropenen / zaken.geforceerd-bijwerken)
    zaak_vervolg: int = 0
    aangemaakt_op: datetime
    gewijzigd_op: datetime


class Document(SQLModel, table=True):
    """A document for the deelnemer kept with the case (a beschikking as PDF). It carries personal
    data, so it never leaves the case store except through a CLI command that writes a file."""

    id: int | None = Field(default=None, primary_key=True)
    traject_id: int = Field(foreign_key="traject.id", index=True)
    maatregel_id: int | None = Field(default=None, foreign_key="maatregel.id", index=True)
    soort: str = Field(max_length=40)
    naam: str = Field(max_length=200)  # file name, no personal data
    mime: str = Field(max_length=80)
    inhoud: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sha256: str = Field(max_length=64)
    grootte: int
    aangemaakt_op: datetime


class Notificatie(SQLModel, table=True):
    """A notification of the gemeente's Notificaties API, stored before it is acknowledged (casestore/notificaties.py).

    `sleutel` is a hash of its content (kanaal, resourceUrl, actie, aanmaakdatum): Open Notificaties delivers at
    least once, so the same notification again finds its row and is neither stored nor handled twice. The message
    itself carries URLs and the gemeente's kenmerken, never a BSN; `uitkomst` says what werkpad did with it."""

    __table_args__ = (UniqueConstraint("sleutel", name="uq_notificatie_sleutel"),
                      Index("ix_notificatie_status", "status"))

    id: int | None = Field(default=None, primary_key=True)
    sleutel: str = Field(max_length=64)
    kanaal: str = Field(max_length=50)
    hoofd_object: str = Field(max_length=1000)
    resource: str = Field(max_length=100)
    resource_url: str = Field(max_length=1000)
    actie: str = Field(max_length=100)
    aanmaakdatum: str = Field(max_length=40)  # as the gemeente wrote it (part of the key)
    kenmerken: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    ontvangen_op: datetime
    keer_ontvangen: int = 1  # deliveries seen (at-least-once: a repeat only counts here)
    status: str = Field(max_length=20, default="ontvangen")  # ontvangen | bezig | verwerkt | genegeerd | fout
    behandeld_op: datetime | None = None
    referentie: str | None = Field(default=None, max_length=40)  # the traject it was about, when it is ours
    uitkomst: str | None = Field(default=None, max_length=500)
class Inzage(SQLModel, table=True):
    """Every view of personal data in werkpad web (AVG/BIO): who, when, which traject, which page. The teamleider
    reads it per traject (/traject/{referentie}/inzage)."""

    id: int | None = Field(default=None, primary_key=True)
    op: datetime = Field(index=True)
    wie: str = Field(max_length=200)
    bron: str = Field(max_length=20)  # how the viewer logged in: magic-link | oidc | code
    traject_id: int = Field(foreign_key="traject.id", index=True)
    pagina: str = Field(max_length=200)  # the path, without its query (a token is no log entry)


class WebLinkGebruik(SQLModel, table=True):
    """A task link's nonce whose action was done: the link is used up (single use)."""

    __tablename__ = "web_link_gebruik"
    __table_args__ = (UniqueConstraint("nonce", name="uq_web_link_gebruik_nonce"),)

    id: int | None = Field(default=None, primary_key=True)
    nonce: str = Field(max_length=64)
    taak_id: int
    door: str = Field(max_length=200)
    gebruikt_op: datetime


class WebInlog(SQLModel, table=True):
    """A login werkpad web mailed: a magic link (15 minutes) or a one-time code for one task (gemeente staff).
    Only a hash of the secret is kept; `sleutel` is also the mail's idempotency key."""

    __tablename__ = "web_inlog"
    __table_args__ = (UniqueConstraint("sleutel", name="uq_web_inlog_sleutel"),)

    id: int | None = Field(default=None, primary_key=True)
    sleutel: str = Field(max_length=64)  # sha256 of the secret (and, for a code, the nonce of its link)
    soort: str = Field(max_length=10)  # link | code
    email: str = Field(max_length=200)
    taak_id: int | None = None
    aangemaakt_op: datetime
    verloopt_op: datetime
    gebruikt_op: datetime | None = None
    pogingen: int = 0


class WebPoging(SQLModel, table=True):
    """One login or code attempt, for the rate limit per address and per client (kept in the case store: it holds
    across restarts and across several web processes)."""

    __tablename__ = "web_poging"
    __table_args__ = (Index("ix_web_poging_op", "op"),)

    id: int | None = Field(default=None, primary_key=True)
    op: datetime
    soort: str = Field(max_length=10)  # inloggen | code
    adres: str = Field(max_length=64)  # a hash of the address tried, not the address
    client: str = Field(max_length=64)
