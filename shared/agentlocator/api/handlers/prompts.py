"""Prompt versions: list per channel, create, activate, diff two versions (difflib)."""

from __future__ import annotations

import difflib

from agentlocator.api.auth import MANAGE
from agentlocator.api.cursor import decode_cursor, encode_cursor
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.prompts import (
    PromptCreate,
    PromptDiffOut,
    PromptDiffParams,
    PromptListOut,
    PromptListParams,
    PromptOut,
)
from agentlocator.errors import ValidationFailed


def unified_diff(before: str, after: str, before_name: str, after_name: str) -> PromptDiffOut:
    lines = list(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=before_name,
            tofile=after_name,
        )
    )
    body = [line for line in lines if not line.startswith(("---", "+++"))]
    return PromptDiffOut(
        from_id=before_name,
        to_id=after_name,
        diff="".join(line if line.endswith("\n") else line + "\n" for line in lines),
        added=sum(1 for line in body if line.startswith("+")),
        removed=sum(1 for line in body if line.startswith("-")),
    )


def list_prompts(call: Call) -> PromptListOut:
    params = call.query_as(PromptListParams)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    active_id = repos.businesses.get(bid).active_prompts.get(params.channel)
    ordering = f"prompts,{params.channel},version,desc"
    before: int | None = None
    if params.cursor:
        values = decode_cursor(ordering, params.cursor)
        if len(values) != 1 or type(values[0]) is not int:
            raise ValidationFailed("cursor", "not a cursor of this list")
        before = values[0]
    found = repos.prompts.list_versions(
        bid, params.channel, limit=params.limit + 1, before_version=before
    )
    page = found[: params.limit]
    more = len(found) > params.limit
    return PromptListOut(
        channel=params.channel,
        active_id=active_id,
        items=[PromptOut.of(p, active_id) for p in page],
        next_cursor=encode_cursor(ordering, [page[-1].version]) if more else None,
    )


def get_prompt(call: Call) -> PromptOut:
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    prompt = repos.prompts.get(bid, call.path["prompt_id"])
    return PromptOut.of(prompt, repos.businesses.get(bid).active_prompts.get(prompt.channel))


def create_prompt(call: Call) -> PromptOut:
    body = call.body_as(PromptCreate)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    prompt = repos.prompts.create_version(
        bid, body.channel, body.text, created_by=call.ctx.principal.uid
    )
    return PromptOut.of(prompt, repos.businesses.get(bid).active_prompts.get(prompt.channel))


def activate_prompt(call: Call) -> PromptOut:
    prompt = call.ctx.services.repos.prompts.activate(call.ctx.business_id, call.path["prompt_id"])
    return PromptOut.of(prompt, prompt.id)


def diff_prompt(call: Call) -> PromptDiffOut:
    params = call.query_as(PromptDiffParams)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    target = repos.prompts.get(bid, call.path["prompt_id"])
    against_id = params.against or repos.businesses.get(bid).active_prompts.get(target.channel)
    base = repos.prompts.get(bid, against_id) if against_id else target
    return unified_diff(base.text, target.text, base.id, target.id)


ROUTES = [
    Route("GET", "/prompts", list_prompts, MANAGE, "Prompt versions of a channel, newest first",
          "prompts", query=PromptListParams, response=PromptListOut),
    Route("POST", "/prompts", create_prompt, MANAGE, "Save a new prompt version (not active yet)",
          "prompts", body=PromptCreate, response=PromptOut, status=201),
    Route("GET", "/prompts/{prompt_id}", get_prompt, MANAGE, "One prompt version", "prompts",
          response=PromptOut),
    Route("POST", "/prompts/{prompt_id}/activate", activate_prompt, MANAGE,
          "Make this version the one Leah uses (from her next turn)", "prompts",
          response=PromptOut),
    Route("GET", "/prompts/{prompt_id}/diff", diff_prompt, MANAGE,
          "Unified diff from another version (default: the active one) to this one", "prompts",
          query=PromptDiffParams, response=PromptDiffOut),
]  # fmt: skip
