from schema.enums import Role
from tests import factories


def test_counsellor_logs_in_and_lists_people(client, session, login, ref):
    u = factories.user(session, Role.COUNSELLOR)
    factories.accompaniment(session, u)
    login(u)
    response = client.get("/console/person/")
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    assert "Dupont" in response.get_data(as_text=True)
