"""The self-host files: compose facts (checked with Debian's docker-compose), the nginx
config, the installer (shellcheck), and one upload limit everywhere."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from pryzm.config import Settings

ROOT = Path(__file__).resolve().parents[3]
SELFHOST = ROOT / "pryzm-selfhost"
ENV = {"PUBLIC_URL": "http://localhost:3000", "PRYZM_SECRET_KEY": "k" * 64,
       "POSTGRES_PASSWORD": "p" * 32, "MINIO_ROOT_PASSWORD": "m" * 32, "PATH": "/usr/bin:/bin"}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is needed (Debian package {name}; .ci/run installs it)")
    return path


@pytest.fixture(scope="module")
def compose() -> dict:
    result = subprocess.run([_tool("docker-compose"), "-f", str(SELFHOST / "docker-compose.yml"),
                             "config"], capture_output=True, text=True, env=ENV, cwd=SELFHOST)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_six_services_on_one_network(compose):
    services = compose["services"]
    assert set(services) == {"editor", "api-gateway", "sync-server", "bake-worker", "postgres",
                             "minio"}
    assert set(compose["networks"]) == {"pryzm-net"}
    for name, service in services.items():
        assert set(service["networks"]) == {"pryzm-net"}, name


def test_only_the_editor_and_the_minio_console_are_published(compose):
    published = {}
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            published.setdefault(name, []).append(
                str(port["published"]) if isinstance(port, dict) else port.split(":")[0])
    assert published == {"editor": ["3000"], "minio": ["9001"]}


def test_every_service_has_a_healthcheck_that_exits_0_or_1(compose):
    for name, service in compose["services"].items():
        check = service["healthcheck"]
        test = check["test"]
        assert test[0] in ("CMD", "CMD-SHELL"), name
        command = " ".join(test[1:])
        assert "pryzm health" in command or command.endswith("|| exit 1"), name
        assert check["start_period"], name


def test_services_wait_for_healthy_dependencies(compose):
    services = compose["services"]
    for name in ("api-gateway", "sync-server", "bake-worker"):
        deps = services[name]["depends_on"]
        assert deps["postgres"]["condition"] == "service_healthy"
        assert deps["minio"]["condition"] == "service_healthy"
    assert services["editor"]["depends_on"]["api-gateway"]["condition"] == "service_healthy"


def test_named_volumes_and_one_version_for_every_pryzm_image(compose):
    assert set(compose["volumes"]) == {"pryzm-postgres-data", "pryzm-minio-data"}
    raw = (SELFHOST / "docker-compose.yml").read_text()
    images = re.findall(r"image: (pryzm/\S+)", raw)
    assert len(images) == 4
    assert all(i.endswith(":${PRYZM_VERSION:-0.1.0}") for i in images)


def test_the_installer_passes_shellcheck():
    result = subprocess.run([_tool("shellcheck"), str(SELFHOST / "install.sh")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_env_example_documents_every_variable_compose_uses():
    raw = (SELFHOST / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", raw))
    example = (SELFHOST / ".env.example").read_text()
    documented = set(re.findall(r"^([A-Z0-9_]+)=", example, re.M))
    assert used <= documented | {"OIDC_AUDIENCE"} and "OIDC_AUDIENCE" in documented


def test_nginx_gateway_and_defaults_agree_on_one_upload_limit():
    conf = (SELFHOST / "nginx" / "editor.conf").read_text()
    size = re.search(r"client_max_body_size (\d+)m;", conf)
    assert size and int(size.group(1)) * 1024 * 1024 == Settings().max_upload_bytes
    assert "524288000" in (SELFHOST / ".env.example").read_text()


def test_nginx_config_is_valid(tmp_path):
    from tests.support.topology import render_editor_conf

    site = render_editor_conf(18080, 15101, tmp_path, None)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ include /etc/nginx/mime.types; {site} }}\n")
    result = subprocess.run([_tool("nginx"), "-t", "-p", str(tmp_path), "-c",
                             str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    shipped = (SELFHOST / "nginx" / "editor.conf").read_text()
    assert "resolver 127.0.0.11 valid=10s" in shipped
    assert "proxy_request_buffering off" in shipped
    assert "Upgrade $http_upgrade" in shipped
