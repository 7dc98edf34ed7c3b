"""All repositories over one Firestore client, built once per instance."""

from __future__ import annotations

from dataclasses import dataclass

from google.cloud import firestore

from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.config import Settings
from agentlocator.crm.appointments import AppointmentRepository
from agentlocator.crm.businesses import BusinessRepository
from agentlocator.crm.calls import CallRepository
from agentlocator.crm.firestore_client import make_firestore_client
from agentlocator.crm.leads import LeadRepository
from agentlocator.crm.messages import MessageRepository
from agentlocator.crm.notes import NoteRepository
from agentlocator.crm.prompts import PromptRepository
from agentlocator.crm.statuses import StatusRepository
from agentlocator.crm.tasks import TaskRepository


@dataclass(frozen=True)
class Repositories:
    client: firestore.Client
    businesses: BusinessRepository
    calls: CallRepository
    leads: LeadRepository
    statuses: StatusRepository
    messages: MessageRepository
    appointments: AppointmentRepository
    prompts: PromptRepository
    notes: NoteRepository
    tasks: TaskRepository
    clock: Clock = SYSTEM_CLOCK  # what repositories' callers stamp new records with

    @classmethod
    def from_client(cls, client: firestore.Client, clock: Clock = SYSTEM_CLOCK) -> Repositories:
        businesses = BusinessRepository(client)
        return cls(
            client=client,
            businesses=businesses,
            calls=CallRepository(client),
            leads=LeadRepository(client),
            statuses=StatusRepository(client),
            messages=MessageRepository(client),
            appointments=AppointmentRepository(client),
            prompts=PromptRepository(client, businesses),
            notes=NoteRepository(client),
            tasks=TaskRepository(client),
            clock=clock,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> Repositories:
        return cls.from_client(make_firestore_client(settings))
