from typing import Any

from tests.web.conftest import WERKCOACH, aangemeld, html_tekst, log_in, taaklink_voor


def test_smoke(rt: Any, web: Any) -> None:
    from sqlmodel import Session, select

    from casestore.models import Taak

    ref = aangemeld(rt)
    with Session(rt.engine) as s:
        taken = s.exec(select(Taak)).all()
    print([(t.id, t.titel, t.code, t.eigenaar_email) for t in taken])
    log_in(web, rt, WERKCOACH)
    t = next(t for t in taken if t.eigenaar_email == WERKCOACH)
    r = web.get(taaklink_voor(rt, t.id, WERKCOACH))
    print(r.status_code, html_tekst(r.text)[:3000])
    r = web.get("/werkvoorraad")
    print(r.status_code, html_tekst(r.text)[:2000])
    print(ref)
